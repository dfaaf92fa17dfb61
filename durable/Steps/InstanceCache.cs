namespace HaH.Orchestration.Durable.Steps;

/// <summary>The partition's hot instances, least recently used evicted first.</summary>
internal sealed class InstanceCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Id, CachedInstance Instance)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, CachedInstance Instance)> _order = new();
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public CachedInstance? Get(string instanceId)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(instanceId, out var node))
            {
                return null;
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Instance;
        }
    }

    /// <summary>True when <paramref name="instance"/> is the copy kept for the id (without touching its recency).</summary>
    public bool Holds(string instanceId, CachedInstance instance)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(instanceId, out var node) && ReferenceEquals(node.Value.Instance, instance);
        }
    }

    public void Set(string instanceId, CachedInstance instance)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(instanceId, out var existing))
            {
                _order.Remove(existing);
            }

            AddLocked(instanceId, instance);
        }
    }

    private void AddLocked(string instanceId, CachedInstance instance)
    {
        _entries[instanceId] = _order.AddFirst((instanceId, instance));
        while (_entries.Count > capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Id);
        }
    }

    /// <summary>Keeps <paramref name="instance"/> unless a copy is kept for the id already.</summary>
    public void TryAdd(string instanceId, CachedInstance instance)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (!_entries.ContainsKey(instanceId))
            {
                AddLocked(instanceId, instance);
            }
        }
    }

    /// <summary>The instances kept now, most recently used first.</summary>
    public IReadOnlyList<CachedInstance> Values()
    {
        lock (_gate)
        {
            return [.. _order.Select(entry => entry.Instance)];
        }
    }

    /// <summary>Forgets every instance (the partition is no longer ours).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _order.Clear();
        }
    }

    public void Remove(string instanceId)
    {
        lock (_gate)
        {
            if (_entries.Remove(instanceId, out var node))
            {
                _order.Remove(node);
            }
        }
    }
}
