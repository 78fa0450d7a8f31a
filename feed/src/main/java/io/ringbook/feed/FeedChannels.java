package io.ringbook.feed;

/**
 * The feed's channels and stream ids, which publisher and client must agree on: defaults (those of
 * {@code docs/market-data.md} and the engine's {@code feed:} configuration), each overridable by a system property.
 */
public final class FeedChannels
{
    public static final String INCREMENTAL_CHANNEL_PROP_NAME = "ringbook.feed.incremental.channel";
    public static final String INCREMENTAL_CHANNEL_DEFAULT =
        "aeron:udp?endpoint=224.0.1.1:40456|interface=localhost|ttl=0";
    public static final String INCREMENTAL_STREAM_ID_PROP_NAME = "ringbook.feed.incremental.stream.id";
    public static final int INCREMENTAL_STREAM_ID_DEFAULT = 200;
    public static final String SNAPSHOT_CHANNEL_PROP_NAME = "ringbook.feed.snapshot.channel";
    public static final String SNAPSHOT_CHANNEL_DEFAULT =
        "aeron:udp?endpoint=224.0.1.1:40457|interface=localhost|ttl=0";
    public static final String SNAPSHOT_STREAM_ID_PROP_NAME = "ringbook.feed.snapshot.stream.id";
    public static final int SNAPSHOT_STREAM_ID_DEFAULT = 201;

    private FeedChannels()
    {
    }

    public static String incrementalChannel()
    {
        return System.getProperty(INCREMENTAL_CHANNEL_PROP_NAME, INCREMENTAL_CHANNEL_DEFAULT);
    }

    public static int incrementalStreamId()
    {
        return Integer.getInteger(INCREMENTAL_STREAM_ID_PROP_NAME, INCREMENTAL_STREAM_ID_DEFAULT);
    }

    public static String snapshotChannel()
    {
        return System.getProperty(SNAPSHOT_CHANNEL_PROP_NAME, SNAPSHOT_CHANNEL_DEFAULT);
    }

    public static int snapshotStreamId()
    {
        return Integer.getInteger(SNAPSHOT_STREAM_ID_PROP_NAME, SNAPSHOT_STREAM_ID_DEFAULT);
    }
}
