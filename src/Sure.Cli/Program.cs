using TorchSharp;
var a = torch.randn(3, 4, requires_grad: true);
var l = (a * a).sum();
l.backward();
Console.WriteLine($"ok {l.item<float>()} {a.grad!.shape[0]} threads={torch.get_num_threads()}");
