using Marketplace.TestWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var host = TestWorkerHost.CreateBuilder(args).Build();
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
{
    Console.Out.WriteLine("READY");
    Console.Out.Flush();
});
await host.RunAsync();
