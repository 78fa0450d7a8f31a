package io.ringbook.gateway;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket client. Created on its Netty I/O thread when the handshake completes; from then on read and written
 * only by the gateway agent, except {@link #channel} (Netty's, thread safe).
 */
public final class ClientSession
{
    final long id;
    final Channel channel;
    final List<Subscription> subscriptions = new ArrayList<>();
    /** Frames written by the agent in this pass, not yet handed to Netty. */
    io.netty.buffer.ByteBuf pending;
    int index = -1;
    /** Where it is in its visit bucket (GatewayAgent). */
    int bucketIndex = -1;
    long lastSentNs;
    /** When the agent's pass next has something for it (GatewayAgent.nextVisit); 0 at first: at once. */
    long nextVisitNs;
    long unwritableSinceNs;
    boolean slowSnapshotTaken;
    boolean closing;

    ClientSession(final long id, final Channel channel)
    {
        this.id = id;
        this.channel = channel;
    }

    Subscription subscription(final InstrumentView view)
    {
        for (int i = 0; i < subscriptions.size(); i++)
        {
            final Subscription subscription = subscriptions.get(i);
            if (subscription.view == view)
            {
                return subscription;
            }
        }
        return null;
    }

    public String toString()
    {
        return "client " + id + " " + channel.remoteAddress();
    }
}
