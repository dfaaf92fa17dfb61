using HaH.Orchestration.Functions.Dashboard;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>The dashboard's HTML building: text is encoded, markup built with Html is not.</summary>
public sealed class HtmlTests
{
    [Fact]
    public void Of_TextInHoles_IsEncodedForContentAndAttributes()
    {
        var text = "<script>alert('x')</script> & \"Næstved\" +4520000002";

        var html = Html.Of($"""<p title="{text}">{text}</p>""");

        Assert.Equal("""<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Næstved&quot; +4520000002">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Næstved&quot; +4520000002</p>""", html.Value);
    }

    [Fact]
    public void Of_HtmlInHoles_IsKeptAsMarkupAlsoInListsAndNumbersAreInvariant()
    {
        List<Html> items = [Html.Of($"<li>{"a<b"}</li>"), Html.Raw("<li>c</li>")];

        var html = Html.Of($"<ul>{items}</ul><b>{1234.5:0.0}</b>{Html.When(false, Html.Raw("<i>no</i>"))}");

        Assert.Equal("<ul><li>a&lt;b</li><li>c</li></ul><b>1234.5</b>", html.Value);
    }
}
