namespace HaH.Orchestration.Durable.Tests;

public sealed class DurableSerializerTests
{
    internal enum Ward
    {
        General,
        Intensive,
    }

    internal sealed record Bed(string BedNumber, Ward Ward, int? Floor);

    [Fact]
    public void Serialize_Record_UsesCamelCaseAndEnumNames()
    {
        Assert.Equal("""{"bedNumber":"7A","ward":"Intensive","floor":null}""", PayloadSerializer.Serialize(new Bed("7A", Ward.Intensive, null)));
    }

    [Fact]
    public void Deserialize_CaseInsensitiveNamesAndEnumStrings_RoundTrips()
    {
        var bed = PayloadSerializer.Deserialize<Bed>("""{"BEDNUMBER":"7A","ward":"General","floor":3}""");

        Assert.Equal(new Bed("7A", Ward.General, 3), bed);
        Assert.Equal(bed, PayloadSerializer.Deserialize(PayloadSerializer.Serialize(bed), typeof(Bed)));
    }

    [Fact]
    public void SerializeAndDeserialize_Null_StaysNullAndDefault()
    {
        Assert.Null(PayloadSerializer.Serialize(null));
        Assert.Equal(0, PayloadSerializer.Deserialize<int>(null));
        Assert.Null(PayloadSerializer.Deserialize(null, typeof(Bed)));
    }

    [Fact]
    public void Options_AreReadOnly()
    {
        Assert.True(DurableSerializer.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => DurableSerializer.Options.WriteIndented = true);
    }
}
