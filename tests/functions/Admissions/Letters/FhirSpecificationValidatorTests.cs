using HaH.Orchestration.Functions.Admissions.Letters;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>Firely's validator over the shipped R4 specification, offline: it finds what the base specification forbids.</summary>
public sealed class FhirSpecificationValidatorTests(ITestOutputHelper output)
{
    [Fact]
    public void Validate_LetterBreakingTheBaseSpecification_NamesEveryProblem()
    {
        var letter = new FhirLetter(LetterSamples.Build());
        letter.Header.Source = null!;
        letter.Patient.Text!.Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></div>";
        letter.Communication.Payload[0].Content = new FhirString("Linje 1\u0007Linje 2");
        letter.Receiver.Identifier[0].System = "not a uri";
        letter.Bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = letter.Bundle.Entry[0].FullUrl, Resource = new Basic { Code = new CodeableConcept("urn:test", "x") } });

        var result = LetterSamples.Validator.Validate(letter.Bundle);

        Assert.False(result.IsValid);
        var problems = string.Join("\n", result.Errors);
        output.WriteLine(problems);
        Assert.Contains("Missing required member: 'source'", problems, StringComparison.Ordinal);
        Assert.Contains("invalid child element 'script'", problems, StringComparison.Ordinal);
        Assert.Contains("does not match regex", problems, StringComparison.Ordinal);
        Assert.Contains("bdl-7", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwiceInOneProcess_LoadsTheSpecificationOnce()
    {
        var validator = new FhirSpecificationValidator();
        var bundle = LetterSamples.Build();

        var first = validator.Validate(bundle);
        var second = validator.Validate(bundle);
        var third = validator.Validate(LetterSamples.Build(messageId: "ADM-2026-0002-letter"));

        // Timings for the record (bench/ is where speed is asserted): the first includes loading.
        output.WriteLine($"first {first.Elapsed.TotalMilliseconds:F0} ms, second {second.Elapsed.TotalMilliseconds:F0} ms, another letter {third.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal([true, false, false], new[] { first, second, third }.Select(result => result.IncludedLoading));
        Assert.All(new[] { first, second, third }, result => Assert.True(result.IsValid));
    }
}
