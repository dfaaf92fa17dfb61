using DurableTask.Core;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>Registers a DTFx orchestration or activity under an explicit name, created by a factory (each with the probe).</summary>
internal sealed class FactoryObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public FactoryObjectCreator(string name, Func<T> create)
    {
        Name = name;
        Version = "";
        _create = create;
    }

    public override T Create() => _create();
}
