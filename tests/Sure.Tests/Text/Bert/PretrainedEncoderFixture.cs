using Sure.Text.Bert;

namespace Sure.Tests.Text.Bert;

/// <summary>The test classes that share <see cref="PretrainedEncoderFixture"/> (loaded once for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class PretrainedEncoderCollection : ICollectionFixture<PretrainedEncoderFixture>
{
    public const string Name = "Pretrained text encoders";
}

/// <summary>Both packaged models, loaded once for the test run: ONNX bytes, the parsed weights, an ONNX Runtime encoder
/// and the TorchSharp encoder (a few seconds each).</summary>
public sealed class PretrainedEncoderFixture : IDisposable
{
    public sealed class Loaded(PretrainedTextModel model) : IDisposable
    {
        public PretrainedTextModel Model { get; } = model;
        public byte[] Onnx { get; } = model.ReadOnnx();
        private Dictionary<string, BertWeights.Entry>? _weights;
        private OnnxSentenceEncoder? _ort;
        private TorchSentenceEncoder? _torch;
        public Dictionary<string, BertWeights.Entry> Weights => _weights ??= BertWeights.FromOnnx(OnnxGraph.Parse(Onnx));
        public OnnxSentenceEncoder Ort => _ort ??= new OnnxSentenceEncoder(Model, onnx: Onnx);
        public TorchSentenceEncoder Torch => _torch ??= new TorchSentenceEncoder(Model, onnx: Onnx);

        public void Dispose()
        {
            _ort?.Dispose();
            _torch?.Dispose();
        }
    }

    private readonly Dictionary<string, Loaded> _loaded = [];

    public Loaded this[string key]
    {
        get
        {
            lock (_loaded)
            {
                if (!_loaded.TryGetValue(key, out var l)) _loaded[key] = l = new Loaded(PretrainedTextModel.Get(key));
                return l;
            }
        }
    }

    public void Dispose()
    {
        foreach (var l in _loaded.Values) l.Dispose();
    }
}
