using System.CommandLine;
using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Text;
using Sure.Loading;

namespace Sure.Cli.Commands;

/// <summary><c>sure features text</c>: TextCNN features (trained on the training split only, then frozen) for every utterance, written with the dataset to our JSONL format and its feature store.</summary>
public static class FeaturesCommand
{
    public static Command Create()
    {
        var cmd = new Command("features", "Extract features from raw data.");
        var text = new Command("text", "Utterance text features exported with the dataset: TextCNN over GloVe (trained on the training split only, then frozen), or a packaged pretrained sentence encoder's frozen vectors (--text-encoder minilm|arctic-xs), or one fine-tuned on the training split (--text-encoder minilm-ft|arctic-xs-ft, --encoder-* settings).");
        var dataOpt = new Option<string>("--data") { Description = "Dataset with transcripts (any supported format).", Required = true };
        var gloveOpt = new Option<string>("--glove") { Description = "Word vectors: GloVe text format or wink-embeddings JSON (for --text-encoder textcnn)." };
        var encoderOpt = new Option<string>("--text-encoder") { Description = "textcnn (over --glove) or a pretrained sentence encoder: minilm (all-MiniLM-L6-v2, mean pooling) or arctic-xs (snowflake-arctic-embed-xs, CLS pooling); unit-norm 384-d vectors through ONNX Runtime.", DefaultValueFactory = _ => TextCnnFrontEndKind.Name };
        encoderOpt.AcceptOnlyFromAmong([.. CliFrontEnds.Catalog.For(Modality.Text).Select(k => k.Kind)]);
        var ft = new Sure.Text.Bert.BertFineTuneOptions();
        var encEpochsOpt = new Option<int>("--encoder-epochs") { Description = "minilm-ft/arctic-xs-ft: fine-tuning epochs (early stopping on the validation split).", DefaultValueFactory = _ => ft.Epochs };
        var encLrOpt = new Option<double>("--encoder-lr") { Description = "minilm-ft/arctic-xs-ft: peak learning rate (AdamW, linear warm-up over 10% of the steps, then linear decay).", DefaultValueFactory = _ => ft.Lr };
        var encBatchOpt = new Option<int>("--encoder-batch-size") { Description = "minilm-ft/arctic-xs-ft: utterances per fine-tuning step.", DefaultValueFactory = _ => ft.BatchSize };
        var encTokensOpt = new Option<int>("--encoder-max-tokens") { Description = "minilm-ft/arctic-xs-ft: word pieces per utterance, [CLS] and [SEP] included (longer ones are cut and counted).", DefaultValueFactory = _ => ft.MaxTokens };
        var encPatienceOpt = new Option<int>("--encoder-patience") { Description = "minilm-ft/arctic-xs-ft: stop after this many epochs without validation improvement (0 = never).", DefaultValueFactory = _ => ft.Patience };
        var encSeedOpt = new Option<int>("--encoder-seed") { Description = "minilm-ft/arctic-xs-ft: seed of the head's initialisation, shuffling and dropout.", DefaultValueFactory = _ => 1 };
        var encFoldsOpt = new Option<int>("--encoder-folds") { Description = "minilm-ft/arctic-xs-ft cross-fitting: training-split vectors from K further encoders, each fine-tuned without the dialogues it encodes (0 or 1 = off).", DefaultValueFactory = _ => ft.Folds };
        var encInputOpt = new Option<string>("--encoder-input") { Description = "minilm-ft/arctic-xs-ft input layout: utterance, or emoberta (past turns, \"Speaker: utterance\", future turns, as many as fit in --encoder-max-tokens).", DefaultValueFactory = _ => ft.InputLayout };
        encInputOpt.AcceptOnlyFromAmong(Sure.Text.Bert.BertFineTuneOptions.UtteranceInput, Sure.Text.Bert.BertFineTuneOptions.EmoBertaInput);
        var encPastOnlyOpt = new Option<bool>("--encoder-past-only") { Description = "minilm-ft/arctic-xs-ft with --encoder-input emoberta: earlier turns only (for causal and live models)." };
        var encFreezeOpt = new Option<int>("--encoder-freeze-layers") { Description = "minilm-ft/arctic-xs-ft: keep the embeddings and the lowest N transformer layers as pretrained (no gradient, faster steps; 0 = train every layer).", DefaultValueFactory = _ => ft.FreezeLayers };
        var encBucketOpt = new Option<int>("--encoder-bucket-batches") { Description = "minilm-ft/arctic-xs-ft: fine-tuning batches are formed from length-sorted chunks of this many batches of shuffled utterances, each padded to its own longest (1 = no length sorting).", DefaultValueFactory = _ => ft.EffectiveBucketBatches };
        var encContextOpt = new Option<int>("--encoder-context") { Description = "minilm-ft/arctic-xs-ft: the encoder reads each utterance with up to this many turns before and after it, with their speakers, within --encoder-max-tokens (0 = the utterance alone).", DefaultValueFactory = _ => ft.Context };
        var encTrainEmbOpt = new Option<bool>("--encoder-train-word-embeddings") { Description = "minilm-ft/arctic-xs-ft: also train the word-embedding table (default: kept as pretrained, ≈ 1.5 times faster)." };
        var foldAverageOpt = new Option<bool>("--encoder-fold-average") { Description = "minilm-ft/arctic-xs-ft with --encoder-folds K: export the validation, test and unlabelled vectors as the mean of the K fold encoders' vectors instead of the full-split encoder's (the training vectors stay cross-fitted; no full-split fine-tuning)." };
        var outOpt = new Option<string>("--out") { Description = "Output .jsonl (features go to a .safetensors feature store beside it).", Required = true };
        var seedOpt = new Option<int>("--seed", "--textcnn-seed") { Description = "TextCNN seed.", DefaultValueFactory = _ => 1 };
        var defaults = new TextCnnOptions();
        var epochsOpt = new Option<int>("--epochs", "--textcnn-epochs") { Description = "TextCNN training epochs (early stopping on the validation split).", DefaultValueFactory = _ => defaults.Epochs };
        var patienceOpt = new Option<int>("--patience", "--textcnn-patience") { Description = "Stop after this many epochs without validation improvement (0 = never).", DefaultValueFactory = _ => defaults.Patience };
        var lrOpt = new Option<double>("--lr", "--textcnn-lr") { Description = "TextCNN learning rate (AdamW).", DefaultValueFactory = _ => defaults.Lr };
        var foldsOpt = new Option<int>("--folds", "--textcnn-folds") { Description = "Cross-fitting: training-split features from K TextCNNs that did not see them (0 = off).", DefaultValueFactory = _ => defaults.Folds };
        var exportOpt = new Option<string>("--export", "--textcnn-export") { Description = "What to export per utterance: the fc features or the log class probabilities.", DefaultValueFactory = _ => defaults.Export };
        exportOpt.AcceptOnlyFromAmong(TextCnnOptions.FeaturesExport, TextCnnOptions.LogProbsExport);
        var threadsOpt = new Option<int>("--threads") { Description = "CPU threads for torch (0 = all cores). The features depend on it (the order of floating-point sums): give the value the runs that read them will use, e.g. --threads 1.", DefaultValueFactory = _ => 0 };
        var inline = new Option<bool>("--inline") { Description = "Write the feature vectors inside the JSONL instead of a feature store." };
        foreach (var o in new Option[] { dataOpt, gloveOpt, encoderOpt, encEpochsOpt, encLrOpt, encBatchOpt, encTokensOpt, encPatienceOpt, encSeedOpt, encContextOpt, encFoldsOpt, encFreezeOpt, encBucketOpt, encInputOpt, encPastOnlyOpt, encTrainEmbOpt, foldAverageOpt, outOpt, seedOpt, epochsOpt, patienceOpt, lrOpt, foldsOpt, exportOpt, threadsOpt, inline }) text.Options.Add(o);
        var loading = new DataLoadingOptions();
        loading.AddTo(text);
        text.SetAction(parse =>
        {
            var data = parse.GetValue(dataOpt)!;
            if (!File.Exists(data) && !Directory.Exists(data)) throw new Errors.SureUserException($"{data}: no such file or folder.");
            var encoder = parse.GetValue(encoderOpt)!;
            CliRuntime.UseThreads(parse.GetValue(threadsOpt));
            // every text encoder runs inside DataSource.Load (its vectors cached by fingerprint)
            var options = new TextCnnOptions
            {
                Seed = parse.GetValue(seedOpt), Epochs = parse.GetValue(epochsOpt), Patience = parse.GetValue(patienceOpt),
                Lr = parse.GetValue(lrOpt), Folds = parse.GetValue(foldsOpt), Export = parse.GetValue(exportOpt)!,
            };
            var config = new SureConfig
            {
                Data = data, Glove = parse.GetValue(gloveOpt), Threads = parse.GetValue(threadsOpt), Classes = loading.ClassesOf(parse), TextEncoder = encoder, TextCnn = options,
                Encoder = new Sure.Text.Bert.BertFineTuneOptions
                {
                    Epochs = parse.GetValue(encEpochsOpt), Lr = parse.GetValue(encLrOpt), BatchSize = parse.GetValue(encBatchOpt),
                    MaxTokens = parse.GetValue(encTokensOpt), Patience = parse.GetValue(encPatienceOpt), Seed = parse.GetValue(encSeedOpt), Context = parse.GetValue(encContextOpt), Folds = parse.GetValue(encFoldsOpt),
                    FreezeLayers = parse.GetValue(encFreezeOpt), BucketBatches = parse.GetValue(encBucketOpt), Input = parse.GetValue(encInputOpt)!, PastOnly = parse.GetValue(encPastOnlyOpt),
                    FreezeWordEmbeddings = !parse.GetValue(encTrainEmbOpt), FoldAverage = parse.GetValue(foldAverageOpt),
                },
            }.Validate();
            if (!CliFrontEnds.Catalog.Get(encoder, "text encoder").AppliesTo(config))
                throw new Errors.SureUserException($"--text-encoder {encoder} needs --glove (word vectors).");
            if (config.Encoder.FoldAverage && !Sure.Text.Bert.FineTunedBert.IsKind(encoder))
                throw new Errors.SureUserException($"--encoder-fold-average needs --text-encoder minilm-ft or arctic-xs-ft, not {encoder}.");
            var loaded = DataSource.Load(config, TrainCommand.Say, loading.CacheDirOf(parse), CliFrontEnds.Catalog);
            var frontEnd = loaded.FrontEnds.Single(f => f.Modality == Modality.Text);
            if (config.Encoder.FoldAverage)
                TrainCommand.Say($"Validation, test and unlabelled vectors: the mean of the {config.Encoder.Folds} fold encoders' (--encoder-fold-average).");
            var written = DatasetWriter.Write(loaded.Dataset, parse.GetValue(outOpt)!, featureStore: !parse.GetValue(inline));
            TrainCommand.Say($"Wrote {parse.GetValue(outOpt)}{(written is null ? "" : $" and {written}")}: {loaded.Dataset.Dialogues.Sum(d => d.Count)} utterances with {frontEnd.Dim}-d text features ({encoder}).");
            return 0;
        });
        cmd.Subcommands.Add(text);
        return cmd;
    }
}
