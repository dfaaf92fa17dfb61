namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>A medicine order and its delivery; either may be missing (an unordered delivery, an open order).</summary>
/// <param name="OrderedAt">When the order was placed.</param>
/// <param name="DeliveredAt">When the delivery was reported.</param>
/// <param name="Days">Days of medicine delivered, when reported.</param>
internal sealed record MedicineDelivery(DateTimeOffset? OrderedAt, DateTimeOffset? DeliveredAt, int? Days = null);
