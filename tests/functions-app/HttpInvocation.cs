using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// One HTTP invocation of a function as the worker middleware sees it: the function's name and entry
/// point, and the request's <see cref="HttpContext"/> where the ASP.NET Core integration puts it.
/// </summary>
internal sealed class HttpInvocation(FunctionEntry function, HttpContext http) : FunctionContext
{
    // The key Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore stores the request's context under.
    private const string HttpContextKey = "HttpRequestContext";

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => function.Name;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = http.RequestServices;

    public override FunctionDefinition FunctionDefinition { get; } = new Definition(function);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object> { [HttpContextKey] = http };

    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class Definition(FunctionEntry function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => "";

        public override string EntryPoint => function.EntryPoint;

        public override string Id => function.Name;

        public override string Name => function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
