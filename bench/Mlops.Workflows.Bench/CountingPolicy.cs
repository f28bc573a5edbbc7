using Azure.Core;
using Azure.Core.Pipeline;

namespace Mlops.Workflows.Bench;

/// <summary>Counts every HTTP request the storage clients send (retries included): the storage operations.</summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);
}
