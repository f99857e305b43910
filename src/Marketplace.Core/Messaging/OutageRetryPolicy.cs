using Marketplace.Core.Data;
using MassTransit;

namespace Marketplace.Core.Messaging;

/// <summary>
/// Two retry schedules for one message: a failure is retried briefly (a race, a deadlock), and a database outage (a
/// restart, a failover) for minutes, since the message is right and only the database is away. Each failure advances
/// only its own schedule. MassTransit's retry filters cannot be nested for this: the inner one, once spent, marks the
/// message so that the outer one gives up too.
/// </summary>
public sealed class OutageRetryPolicy(IRetryPolicy brief, IRetryPolicy outage) : IRetryPolicy
{
    public void Probe(ProbeContext context)
    {
        brief.Probe(context.CreateScope("brief"));
        outage.Probe(context.CreateScope("outage"));
    }

    public bool IsHandled(Exception exception) => brief.IsHandled(exception) || outage.IsHandled(exception);

    public RetryPolicyContext<T> CreatePolicyContext<T>(T context)
        where T : class, PipeContext => new Schedules<T>(brief.CreatePolicyContext(context), outage.CreatePolicyContext(context));

    /// <summary>Where each schedule has got to for one message.</summary>
    private sealed class Schedules<T>(RetryPolicyContext<T> brief, RetryPolicyContext<T> outage) : RetryPolicyContext<T>
        where T : class
    {
        private RetryContext<T>? _briefStep;
        private RetryContext<T>? _outageStep;

        public T Context => brief.Context;

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            bool again;
            RetryContext<T> step;
            if (DatabaseOutage.IsCause(exception))
            {
                again = _outageStep is null ? outage.CanRetry(exception, out step) : _outageStep.CanRetry(exception, out step);
                _outageStep = step;
            }
            else
            {
                again = _briefStep is null ? brief.CanRetry(exception, out step) : _briefStep.CanRetry(exception, out step);
                _briefStep = step;
            }

            retryContext = new Step(step, this);
            return again;
        }

        public Task RetryFaulted(Exception exception) => brief.RetryFaulted(exception);

        public void Cancel()
        {
            brief.Cancel();
            outage.Cancel();
        }

        public void Dispose()
        {
            brief.Dispose();
            outage.Dispose();
        }

        /// <summary>One retry, as its schedule describes it; the next failure chooses its schedule again.</summary>
        private sealed class Step(RetryContext<T> current, Schedules<T> schedules) : RetryContext<T>
        {
            public T Context => current.Context;

            public CancellationToken CancellationToken => current.CancellationToken;

            public Exception Exception => current.Exception;

            public int RetryAttempt => current.RetryAttempt;

            public int RetryCount => current.RetryCount;

            public TimeSpan? Delay => current.Delay;

            public Type ContextType => current.ContextType;

            public Task PreRetry() => current.PreRetry();

            public Task RetryFaulted(Exception exception) => current.RetryFaulted(exception);

            public bool CanRetry(Exception exception, out RetryContext<T> retryContext) => schedules.CanRetry(exception, out retryContext);
        }
    }
}
