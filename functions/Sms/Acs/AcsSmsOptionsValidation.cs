using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>Refuses to start with <c>Sms</c> settings that would fail the first SMS: each problem spelled out.</summary>
internal sealed class AcsSmsOptionsValidation : IValidateOptions<AcsSmsOptions>
{
    public ValidateOptionsResult Validate(string? name, AcsSmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
