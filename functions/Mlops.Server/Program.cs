using Mlops.AspNetCore;
using Mlops.Core;
using Mlops.Server.Triggers;

var builder = WebApplication.CreateBuilder(args);
builder.AddMlopsCore();
builder.AddServerTriggers();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null); // the dispatcher enforces per-route limits

var app = builder.Build();
app.MapMlopsApi();
app.Run();

/// <summary>The standalone server's entry point; public so integration tests can host it.</summary>
public partial class Program;
