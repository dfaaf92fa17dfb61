using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Admissions.Planning;
using static HaH.Orchestration.Functions.Tests.Admissions.Planning.Requests;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class AdmissionJsonTests
{
    [Fact]
    public void AdmissionRequest_ApiStartBody_DeserialisesWithWebDefaults()
    {
        const string body = """
            {
              "admissionId": "ADM-2026-0001",
              "patient": { "cpr": "0101801234", "name": "Karen Jensen", "phone": "+4520000001",
                           "address": "Algade 1, 4700 Næstved", "municipality": "Næstved" },
              "gp": { "name": "Lægerne Algade", "eanNumber": "5790000123452", "sorCode": "123456789012345",
                      "phone": "+4555550000" },
              "condition": "Pneumoni",
              "responsibleDoctor": "Anna Holm",
              "treatment": { "drug": "Piperacillin/Tazobactam", "dose": "4 g", "route": "IV",
                             "accessType": "PICC", "timesPerDay": 3,
                             "firstDoseAt": "2026-03-28T14:00:00+01:00",
                             "durationDays": 10, "suppliedDays": 7, "schedule": "clock",
                             "clockTimes": ["06:00", "14:00", "22:00"] },
              "careTeam": { "homeNursing": { "name": "Hjemmesygeplejen Syd", "phone": "+4520000002" },
                            "mobileUnit": { "name": "MBE Næstved", "phone": "+4520000003" } }
            }
            """;

        var request = JsonSerializer.Deserialize<AdmissionRequest>(body, JsonSerializerOptions.Web);

        Assert.Equal(Valid with { Treatment = Valid.Treatment! with { Schedule = "clock", ClockTimes = null } },
            request! with { Treatment = request.Treatment! with { ClockTimes = null } });
        Assert.Equal(["06:00", "14:00", "22:00"], request.Treatment!.ClockTimes!);
        Assert.True(Validate(request).IsValid);
    }

    [Fact]
    public void AdmissionPlan_RoundTripsThroughThePayloadSerializer()
    {
        var plan = Plan(Clock());

        var json = JsonSerializer.Serialize(plan, DurableSerializer.Options);
        var back = JsonSerializer.Deserialize<AdmissionPlan>(json, DurableSerializer.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, DurableSerializer.Options));
        Assert.Equal(plan.Treatment.ClockTimes, back.Treatment.ClockTimes);
        Assert.Equal(plan.Treatment.EndsAt, back.Treatment.EndsAt);
        Assert.Equal("KJ", back.PatientInitials);
        Assert.Contains("\"schedule\":\"Clock\"", json, StringComparison.Ordinal);
    }
}
