using Sure.Configuration;
using Sure.Errors;
using Sure.Experiments;

namespace Sure.Tests.Experiments;

public class VariantParserTests
{
    private static readonly SureConfig Base = new();

    [Fact]
    public void NamedVariantsTransformTheBase()
    {
        var vs = VariantParser.Parse("full,no-moe,no-reasoning,t,a,v,ta,tv,av,softmax,causal");
        Assert.Equal(["full", "no-moe", "no-reasoning", "t", "a", "v", "ta", "tv", "av", "softmax", "causal"], vs.Select(v => v.Name));
        SureConfig Apply(string name) => vs.Single(v => v.Name == name).Apply(Base);
        Assert.Equal(Base, Apply("full"));
        Assert.Equal(Base with { UseMoe = false }, Apply("no-moe"));
        Assert.Equal(Base with { UseReasoning = false }, Apply("no-reasoning"));
        Assert.Equal("t", Apply("t").Modalities);
        Assert.Equal("ta", Apply("ta").Modalities);
        Assert.Equal("av", Apply("av").Modalities);
        Assert.Equal(Base with { Routing = RoutingMode.Softmax }, Apply("softmax"));
        Assert.Equal(Base with { Context = ContextMode.Causal }, Apply("causal"));
    }

    [Fact]
    public void CorruptionShortcutSetsAllThreeModalities()
    {
        var v = VariantParser.ParseOne("corruption=0.4");
        Assert.Equal("corruption=0.4", v.Name);
        var c = v.Apply(Base);
        Assert.Equal((0.4, 0.4, 0.4), (c.Synth.TextCorruption, c.Synth.AudioCorruption, c.Synth.VisualCorruption));
        Assert.Equal(Base.Synth with { TextCorruption = 0.4, AudioCorruption = 0.4, VisualCorruption = 0.4 }, c.Synth);
    }

    [Fact]
    public void NamedOverridesWithAnySpelling()
    {
        var v = VariantParser.ParseOne("big:hidden=2048;top-k=2;Heads=16;synth.missing_fraction=0.9;routing=softmax;use-moe=false;data=/x/y");
        Assert.Equal("big", v.Name);
        var c = v.Apply(Base);
        Assert.Equal(2048, c.Hidden);
        Assert.Equal(2, c.TopK);
        Assert.Equal(16, c.Heads);
        Assert.Equal(0.9, c.Synth.MissingFraction);
        Assert.Equal(RoutingMode.Softmax, c.Routing);
        Assert.False(c.UseMoe);
        Assert.Equal("/x/y", c.Data);
        Assert.Equal(Base.Lr, c.Lr); // untouched
    }

    [Fact]
    public void NamedVariantsComposeInsideOverrides()
    {
        var c = VariantParser.ParseOne("noisy-no-moe:no-moe;corruption=0.6;tv").Apply(Base);
        Assert.False(c.UseMoe);
        Assert.Equal(0.6, c.Synth.AudioCorruption);
        Assert.Equal("tv", c.Modalities);
    }

    [Fact]
    public void ModelVariantsAndTheChoiceNoneAreRead()
    {
        var v = VariantParser.Parse("bigru-causal,raw:inputNorm=none;residual=true,linear");
        Assert.Equal(("bigru", ContextMode.Causal), (v[0].Apply(Base).Model, v[0].Apply(Base).Context));
        var raw = v[1].Apply(Base);
        Assert.Equal(InputNormalizationMode.None, raw.InputNorm);
        Assert.True(raw.Residual);
        Assert.Equal("linear", v[2].Apply(Base).Model);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("tt")]
    [InlineData("x:hidden=abc")]
    [InlineData("x:no-such-key=1")]
    [InlineData("x:hidden=1.5")]
    [InlineData("x:use-moe=maybe")]
    [InlineData("../evil:hidden=8")]
    [InlineData("full,full")]
    public void BadSpecsAreUserErrors(string spec)
    {
        Assert.Throws<SureUserException>(() =>
        {
            foreach (var v in VariantParser.Parse(spec)) v.Apply(Base);
        });
    }
}
