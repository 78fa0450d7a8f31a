package io.ringbook.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway counts, for {@code /metrics} (Prometheus text) and the log. Written by the agent and the I/O
 * threads, read by anyone.
 */
public final class GatewayCounters
{
    public final AtomicLong clients = new AtomicLong();
    public final AtomicLong connections = new AtomicLong();
    public final AtomicLong subscriptions = new AtomicLong();
    public final AtomicLong messagesOut = new AtomicLong();
    public final AtomicLong bytesOut = new AtomicLong();
    public final AtomicLong snapshotsOut = new AtomicLong();
    public final AtomicLong diffsOut = new AtomicLong();
    public final AtomicLong tradesOut = new AtomicLong();
    public final AtomicLong tradesMissed = new AtomicLong();
    public final AtomicLong conflatedUpdates = new AtomicLong();
    public final AtomicLong slowSnapshots = new AtomicLong();
    public final AtomicLong slowDisconnects = new AtomicLong();
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong badRequests = new AtomicLong();
    public final AtomicLong rejectedConnections = new AtomicLong();
    public final AtomicLong feedStale = new AtomicLong();
    public final AtomicLong feedResets = new AtomicLong();
    public final AtomicLong feedEvents = new AtomicLong();
    public final AtomicLong feedStreamGaps = new AtomicLong();
    public final AtomicLong feedRptSeqGaps = new AtomicLong();
    public final AtomicLong feedSnapshotsApplied = new AtomicLong();
    public final AtomicLong feedMalformed = new AtomicLong();
    public final AtomicLong binaryClients = new AtomicLong();
    public final AtomicLong binaryMessagesOut = new AtomicLong();
    public final AtomicLong binaryBytesOut = new AtomicLong();
    public final AtomicLong binarySnapshots = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicLong maxClientQueuedBytes = new AtomicLong();

    /**
     * @return the counters in the Prometheus text exposition format (version 0.0.4).
     */
    public String prometheus()
    {
        final StringBuilder out = new StringBuilder(4096);
        gauge(out, "ringbook_gateway_clients", "WebSocket clients connected", clients);
        counter(out, "ringbook_gateway_connections_total", "WebSocket connections accepted", connections);
        counter(out, "ringbook_gateway_rejected_connections_total", "connections refused (maxClients)",
            rejectedConnections);
        gauge(out, "ringbook_gateway_subscriptions", "WebSocket subscriptions open", subscriptions);
        counter(out, "ringbook_gateway_messages_out_total", "WebSocket messages sent", messagesOut);
        counter(out, "ringbook_gateway_bytes_out_total", "WebSocket payload bytes sent", bytesOut);
        counter(out, "ringbook_gateway_snapshots_out_total", "book snapshots sent", snapshotsOut);
        counter(out, "ringbook_gateway_diffs_out_total", "book diffs sent", diffsOut);
        counter(out, "ringbook_gateway_trades_out_total", "trades sent (in trades messages)", tradesOut);
        counter(out, "ringbook_gateway_trades_missed_total", "trades a slow client missed (past tradesKept)",
            tradesMissed);
        counter(out, "ringbook_gateway_conflated_updates_total",
            "book updates folded into a later diff instead of sent one by one", conflatedUpdates);
        counter(out, "ringbook_gateway_slow_client_snapshots_total",
            "fresh snapshots for clients unwritable past slowSnapshotMs", slowSnapshots);
        counter(out, "ringbook_gateway_slow_client_disconnects_total",
            "clients disconnected, unwritable past slowDisconnectMs", slowDisconnects);
        counter(out, "ringbook_gateway_requests_total", "client requests", requests);
        counter(out, "ringbook_gateway_bad_requests_total", "client requests answered with an error", badRequests);
        counter(out, "ringbook_gateway_feed_events_total", "engine events applied from the feed", feedEvents);
        counter(out, "ringbook_gateway_feed_stale_total", "times an instrument went stale (gap, reset)", feedStale);
        counter(out, "ringbook_gateway_feed_resets_total", "engine restarts seen (ChannelReset)", feedResets);
        counter(out, "ringbook_gateway_feed_stream_gaps_total", "feed gaps by stream sequence", feedStreamGaps);
        counter(out, "ringbook_gateway_feed_rptseq_gaps_total", "feed gaps by instrument sequence", feedRptSeqGaps);
        counter(out, "ringbook_gateway_feed_snapshots_applied_total", "feed snapshots applied (recoveries)",
            feedSnapshotsApplied);
        counter(out, "ringbook_gateway_feed_malformed_total", "malformed feed packets dropped", feedMalformed);
        gauge(out, "ringbook_gateway_binary_clients", "binary (SBE over TCP) clients connected", binaryClients);
        counter(out, "ringbook_gateway_binary_messages_out_total", "binary messages sent", binaryMessagesOut);
        counter(out, "ringbook_gateway_binary_bytes_out_total", "binary bytes sent", binaryBytesOut);
        counter(out, "ringbook_gateway_binary_snapshots_total",
            "binary snapshots sent (on subscribe, and after falling behind)", binarySnapshots);
        gauge(out, "ringbook_gateway_max_client_queued_bytes",
            "bytes queued for the client with the most queued (sampled every 100 ms): bounded by the write-buffer " +
            "high-water mark plus one message, however slow the client", maxClientQueuedBytes);
        counter(out, "ringbook_gateway_errors_total", "errors handled (see the log)", errors);
        return out.toString();
    }

    private static void counter(final StringBuilder out, final String name, final String help, final AtomicLong value)
    {
        metric(out, name, help, "counter", value);
    }

    private static void gauge(final StringBuilder out, final String name, final String help, final AtomicLong value)
    {
        metric(out, name, help, "gauge", value);
    }

    private static void metric(
        final StringBuilder out, final String name, final String help, final String type, final AtomicLong value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(' ').append(type).append('\n')
            .append(name).append(' ').append(value.get()).append('\n');
    }
}
