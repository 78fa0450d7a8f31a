package io.ringbook.tools.load;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives one or more {@link LoadClient}s on one thread: each duty cycle reads the clock once, then lets every client
 * poll its replies and send what is due. Between phases it keeps polling, so sessions stay alive (heartbeats) and
 * late replies are consumed. The main thread hands it a {@link Phase} with {@link #start} and collects the clients'
 * results once {@link #completedPhase()} says it is done.
 */
final class LoadAgent implements Agent
{
    private final String roleName;
    private final LoadClient[] clients;
    private final NanoClock clock;
    private volatile Phase requested;
    private volatile Phase completed;
    private volatile List<LoadClient.ClientResult> results;
    private volatile String failure;
    private Phase active;

    LoadAgent(final String roleName, final List<LoadClient> clients, final NanoClock clock)
    {
        this.roleName = roleName;
        this.clients = clients.toArray(new LoadClient[0]);
        this.clock = clock;
    }

    public String roleName()
    {
        return roleName;
    }

    /**
     * Main thread: run this phase next.
     */
    void start(final Phase phase)
    {
        requested = phase;
    }

    /**
     * @return the last phase this agent finished; its results are in {@link #results()}.
     */
    Phase completedPhase()
    {
        return completed;
    }

    List<LoadClient.ClientResult> results()
    {
        return results;
    }

    /**
     * @return the first failure of one of the clients (the engine ended a session, the connection closed), or null.
     */
    String failure()
    {
        return failure;
    }

    List<LoadClient> clients()
    {
        return List.of(clients);
    }

    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        final Phase phase = requested;
        if (phase != active && phase != null)
        {
            active = phase;
            for (final LoadClient client : clients)
            {
                client.beginPhase(phase);
            }
        }
        int work = 0;
        boolean complete = active != null && completed != active;
        for (final LoadClient client : clients)
        {
            work += client.doWork(nowNs);
            if (complete && !client.isPhaseComplete(nowNs))
            {
                complete = false;
            }
            if (failure == null && client.failure() != null)
            {
                failure = client.failure();
            }
        }
        if (complete)
        {
            final List<LoadClient.ClientResult> phaseResults = new ArrayList<>(clients.length);
            for (final LoadClient client : clients)
            {
                phaseResults.add(client.endPhase());
            }
            results = phaseResults;
            completed = active;
        }
        return work;
    }
}
