using HaH.Orchestration.Functions.Integration;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>Registers the discharge letter as a MedCom FHIR message.</summary>
internal static class LetterRegistration
{
    /// <summary>
    /// <see cref="EHospitalOptions"/> (validated on start), the FHIR validator (one per process,
    /// loaded by its first validation) and the <see cref="DischargeLetterFormatter"/> the publishing
    /// activity applies to discharge letters.
    /// </summary>
    public static TBuilder AddDischargeLetters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<EHospitalOptions>()
            .BindConfiguration(EHospitalOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<FhirSpecificationValidator>();
        builder.Services.AddSingleton<IIntegrationMessageFormatter, DischargeLetterFormatter>();
        return builder;
    }
}
