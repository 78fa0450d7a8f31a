package io.ringbook.engine.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.ClientTimeoutException;
import io.aeron.exceptions.DriverTimeoutException;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import io.ringbook.codecs.orderentry.CancelOrderEncoder;
import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.CancelReplaceOrderEncoder;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.HeartbeatDecoder;
import io.ringbook.codecs.orderentry.HeartbeatEncoder;
import io.ringbook.codecs.orderentry.LogonAcceptedDecoder;
import io.ringbook.codecs.orderentry.LogonEncoder;
import io.ringbook.codecs.orderentry.LogonRejectDecoder;
import io.ringbook.codecs.orderentry.LogoutDecoder;
import io.ringbook.codecs.orderentry.LogoutEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderDecoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.NewOrderEncoder;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An algo trader's session with the engine over Aeron: {@link #connect(Context)} logs on and returns once the
 * engine accepted; {@link #newOrder}, {@link #cancel} and {@link #replace} send SBE messages and return Aeron's result
 * (a positive position when sent, else a negative {@link Publication} code such as {@code BACK_PRESSURED}: nothing was
 * sent, retry later); {@link #poll()} delivers replies to the {@link OrderEntryListener} and keeps the session alive
 * with heartbeats. Not thread-safe: one thread sends and polls.
 */
public final class OrderEntryClient implements AutoCloseable
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final int MISSED_HEARTBEATS_TIMEOUT = 3;

    private final Context ctx;
    private final Aeron aeron;
    private final boolean ownsAeron;
    private final ExclusivePublication ingress;
    private final Subscription responses;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final BufferClaim claim = new BufferClaim();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelEncoder = new CancelOrderEncoder();
    private final CancelReplaceOrderEncoder replaceEncoder = new CancelReplaceOrderEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();
    private final OrderRejectDecoder orderRejectDecoder = new OrderRejectDecoder();
    private final CancelRejectDecoder cancelRejectDecoder = new CancelRejectDecoder();
    private final SessionRejectDecoder sessionRejectDecoder = new SessionRejectDecoder();
    private final LogonAcceptedDecoder logonAcceptedDecoder = new LogonAcceptedDecoder();
    private final LogonRejectDecoder logonRejectDecoder = new LogonRejectDecoder();
    private final LogoutDecoder logoutDecoder = new LogoutDecoder();
    private final long heartbeatIntervalNs;
    private OrderEntryListener listener;
    private long sessionId;
    private boolean connected;
    private io.ringbook.codecs.orderentry.LogonRejectReason logonRejectReason;
    private volatile Throwable aeronError;
    private long lastSentNs;
    private long lastReceivedNs;

    private OrderEntryClient(final Context ctx)
    {
        this.ctx = ctx;
        this.listener = ctx.listener;
        this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(ctx.heartbeatIntervalMs);
        if (ctx.aeron != null)
        {
            aeron = ctx.aeron;
            ownsAeron = false;
        }
        else
        {
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName)
                .driverTimeoutMs(ctx.driverTimeoutMs)
                .errorHandler(this::onAeronError));
            ownsAeron = true;
        }
        Subscription subscription = null;
        ExclusivePublication publication = null;
        try
        {
            subscription = aeron.addSubscription(ctx.responseChannel, ctx.responseStreamId);
            publication = aeron.addExclusivePublication(ctx.ingressChannel, ctx.ingressStreamId);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(subscription, publication);
            if (ownsAeron)
            {
                aeron.close();
            }
            throw ex;
        }
        responses = subscription;
        ingress = publication;
    }

    /**
     * Connect to the engine and log on.
     *
     * @throws LogonRejectedException when the engine refuses the logon.
     * @throws IllegalStateException  when the engine cannot be reached within the connect timeout.
     */
    public static OrderEntryClient connect(final Context ctx)
    {
        ctx.conclude();
        final OrderEntryClient client = new OrderEntryClient(ctx);
        try
        {
            client.logon();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.closeResources();
            throw ex;
        }
    }

    private void logon()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.connectTimeoutMs);
        final IdleStrategy idle = ctx.idleStrategy;
        String responseChannel;
        while ((responseChannel = responses.tryResolveChannelEndpointPort()) == null || !ingress.isConnected())
        {
            checkDeadline(deadlineNs, "engine ingress " + ctx.ingressChannel + " not connected");
            idle.idle();
        }
        final LogonEncoder logon = new LogonEncoder().wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .accountId(ctx.accountId)
            .heartbeatIntervalMs(ctx.heartbeatIntervalMs)
            .responseStreamId(ctx.responseStreamId)
            .secret(ctx.secret)
            .responseChannel(responseChannel);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + logon.encodedLength();
        while (ingress.offer(sendBuffer, 0, length) < 0)
        {
            checkDeadline(deadlineNs, "logon could not be sent");
            idle.idle();
        }
        lastSentNs = System.nanoTime();
        while (!connected && logonRejectReason == null)
        {
            checkDeadline(deadlineNs, "no logon reply from the engine");
            idle.idle(responses.poll(assembler, FRAGMENT_LIMIT));
        }
        if (logonRejectReason != null)
        {
            throw new LogonRejectedException(logonRejectReason);
        }
        lastReceivedNs = System.nanoTime();
    }

    private static void checkDeadline(final long deadlineNs, final String what)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("connect timed out: " + what);
        }
    }

    /**
     * Send a new order.
     *
     * @return a positive position when sent; otherwise a {@link Publication} code (BACK_PRESSURED, NOT_CONNECTED,
     * ADMIN_ACTION, CLOSED, MAX_POSITION_EXCEEDED) and nothing was sent.
     */
    public long newOrder(
        final long clientOrderId, final int instrumentId, final Side side, final OrdType ordType,
        final TimeInForce timeInForce, final long price, final long quantity, final boolean postOnly,
        final StpMode stpMode)
    {
        final long result = ingress.tryClaim(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH, claim);
        if (result > 0)
        {
            newOrderEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                .clientOrderId(clientOrderId)
                .price(price)
                .quantity(quantity)
                .instrumentId(instrumentId)
                .side(side)
                .ordType(ordType)
                .timeInForce(timeInForce)
                .stpMode(stpMode);
            newOrderEncoder.execInst().clear().postOnly(postOnly);
            claim.commit();
            lastSentNs = System.nanoTime();
        }
        return result;
    }

    /**
     * Cancel an order by order id (when not 0) or by its client order id.
     *
     * @param requestId the id of this cancel request, echoed in the reply; 0 for none.
     * @return as {@link #newOrder}.
     */
    public long cancel(final long requestId, final long origClientOrderId, final long orderId, final int instrumentId)
    {
        final long result = ingress.tryClaim(
            MessageHeaderEncoder.ENCODED_LENGTH + CancelOrderEncoder.BLOCK_LENGTH, claim);
        if (result > 0)
        {
            cancelEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                .clientOrderId(requestId)
                .origClientOrderId(origClientOrderId)
                .orderId(orderId)
                .instrumentId(instrumentId);
            claim.commit();
            lastSentNs = System.nanoTime();
        }
        return result;
    }

    /**
     * Cancel/replace an order (by order id when not 0, else by client order id): {@code quantity} is the new total
     * order quantity including what has filled; {@code newClientOrderId} 0 keeps the current one.
     *
     * @return as {@link #newOrder}.
     */
    public long replace(
        final long origClientOrderId, final long orderId, final long newClientOrderId, final int instrumentId,
        final long price, final long quantity)
    {
        final long result = ingress.tryClaim(
            MessageHeaderEncoder.ENCODED_LENGTH + CancelReplaceOrderEncoder.BLOCK_LENGTH, claim);
        if (result > 0)
        {
            replaceEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                .origClientOrderId(origClientOrderId)
                .orderId(orderId)
                .newClientOrderId(newClientOrderId)
                .price(price)
                .quantity(quantity)
                .instrumentId(instrumentId);
            claim.commit();
            lastSentNs = System.nanoTime();
        }
        return result;
    }

    /**
     * Send raw bytes to the engine's ingress as one message: for tests of how the engine handles malformed input.
     *
     * @return as {@link #newOrder}.
     */
    public long sendRaw(final DirectBuffer buffer, final int offset, final int length)
    {
        return ingress.offer(buffer, offset, length);
    }

    /**
     * Deliver replies to the listener and keep the session alive: a heartbeat when nothing was sent for an interval;
     * {@link OrderEntryListener#onDisconnected} when the engine says nothing for three intervals.
     *
     * @return work done (fragments read, heartbeats sent).
     */
    public int poll()
    {
        final Throwable error = aeronError;
        if (error != null && connected)
        {
            disconnected("Aeron client error: " + error);
            return 1;
        }
        int work = responses.poll(assembler, FRAGMENT_LIMIT);
        if (connected)
        {
            final long nowNs = System.nanoTime();
            if (work > 0)
            {
                lastReceivedNs = nowNs;
            }
            if (nowNs - lastSentNs >= heartbeatIntervalNs)
            {
                heartbeatEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                    .sendingTimeNs(SystemEpochClock.INSTANCE.time() * 1_000_000L);
                if (ingress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH) > 0)
                {
                    lastSentNs = nowNs;
                    work++;
                }
            }
            if (nowNs - lastReceivedNs > MISSED_HEARTBEATS_TIMEOUT * heartbeatIntervalNs)
            {
                disconnected("engine silent for " + MISSED_HEARTBEATS_TIMEOUT + " heartbeat intervals");
            }
        }
        return work;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                listener.onExecutionReport(reportDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case OrderRejectDecoder.TEMPLATE_ID:
                listener.onOrderReject(orderRejectDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case CancelRejectDecoder.TEMPLATE_ID:
                listener.onCancelReject(cancelRejectDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case SessionRejectDecoder.TEMPLATE_ID:
                listener.onSessionReject(sessionRejectDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case HeartbeatDecoder.TEMPLATE_ID:
                break;
            case LogonAcceptedDecoder.TEMPLATE_ID:
                logonAcceptedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                sessionId = logonAcceptedDecoder.sessionId();
                connected = true;
                break;
            case LogonRejectDecoder.TEMPLATE_ID:
                logonRejectReason = logonRejectDecoder.wrap(buffer, bodyOffset, blockLength, version).reason();
                break;
            case LogoutDecoder.TEMPLATE_ID:
                disconnected("engine logged us out: " +
                    logoutDecoder.wrap(buffer, bodyOffset, blockLength, version).text());
                break;
            default:
                break;
        }
    }

    /**
     * Errors of the Aeron client this session made, on Aeron's conductor thread. Aeron's default handler exits the
     * JVM when the media driver stops answering, which a trading application must never see: instead the error goes
     * to the configured handler and a lost driver ends the session ({@link OrderEntryListener#onDisconnected} on the
     * next {@link #poll()}).
     */
    private void onAeronError(final Throwable error)
    {
        if (error instanceof DriverTimeoutException || error instanceof ClientTimeoutException)
        {
            aeronError = error;
        }
        ctx.errorHandler.onError(error);
    }

    private void disconnected(final String reason)
    {
        if (connected)
        {
            connected = false;
            listener.onDisconnected(reason);
        }
    }

    /**
     * @return true while logged on and the engine is answering.
     */
    public boolean isConnected()
    {
        return connected;
    }

    /**
     * @return the engine's id for this session.
     */
    public long sessionId()
    {
        return sessionId;
    }

    public long accountId()
    {
        return ctx.accountId;
    }

    /**
     * Replace the listener (e.g. after connecting with a default one).
     */
    public void listener(final OrderEntryListener listener)
    {
        this.listener = Objects.requireNonNull(listener);
    }

    /**
     * Log out (best effort) and release the publication, subscription and, if this client made it, the Aeron client.
     */
    public void close()
    {
        if (connected)
        {
            final LogoutEncoder logout = new LogoutEncoder().wrapAndApplyHeader(sendBuffer, 0, headerEncoder).text("");
            ingress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + logout.encodedLength());
            disconnected("closed");
        }
        closeResources();
    }

    private void closeResources()
    {
        CloseHelper.quietCloseAll(ingress, responses);
        if (ownsAeron)
        {
            CloseHelper.quietClose(aeron);
        }
    }

    /**
     * Client configuration.
     */
    public static final class Context
    {
        private Aeron aeron;
        private String aeronDirectoryName = io.aeron.CommonContext.getAeronDirectoryName();
        private String ingressChannel = "aeron:udp?endpoint=localhost:40100";
        private int ingressStreamId = 100;
        private String responseChannel = "aeron:udp?endpoint=localhost:0";
        private int responseStreamId = 102;
        private long accountId;
        private String secret;
        private int heartbeatIntervalMs = 1000;
        private long connectTimeoutMs = 10_000;
        private OrderEntryListener listener = new OrderEntryListener()
        {
        };
        private IdleStrategy idleStrategy;
        private ErrorHandler errorHandler = error -> System.err.println("ringbook client: Aeron error: " + error);
        private long driverTimeoutMs = io.aeron.CommonContext.DEFAULT_DRIVER_TIMEOUT_MS;

        /** Use this Aeron client (not closed by the order-entry client) instead of connecting a new one. */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /** The media driver directory to connect to when no Aeron client is given. */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        public Context ingressChannel(final String ingressChannel)
        {
            this.ingressChannel = ingressChannel;
            return this;
        }

        public Context ingressStreamId(final int ingressStreamId)
        {
            this.ingressStreamId = ingressStreamId;
            return this;
        }

        /** Where the engine should send replies; port 0 picks a free port. */
        public Context responseChannel(final String responseChannel)
        {
            this.responseChannel = responseChannel;
            return this;
        }

        public Context responseStreamId(final int responseStreamId)
        {
            this.responseStreamId = responseStreamId;
            return this;
        }

        public Context accountId(final long accountId)
        {
            this.accountId = accountId;
            return this;
        }

        public Context secret(final String secret)
        {
            this.secret = secret;
            return this;
        }

        public Context heartbeatIntervalMs(final int heartbeatIntervalMs)
        {
            this.heartbeatIntervalMs = heartbeatIntervalMs;
            return this;
        }

        public Context connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        public Context listener(final OrderEntryListener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * Where the errors of the Aeron client this session makes go (not used with {@link #aeron(Aeron)}, whose
         * owner set its handler); printed to standard error by default. Called on Aeron's conductor thread. Unlike
         * Aeron's default, it never exits the JVM: a lost media driver ends the session instead.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        /**
         * How long the media driver may go without a heartbeat before the Aeron client this session makes gives up
         * on it and the session ends; Aeron's default (10 s) unless set.
         */
        public Context driverTimeoutMs(final long driverTimeoutMs)
        {
            this.driverTimeoutMs = driverTimeoutMs;
            return this;
        }

        /** How to wait while connecting; a backoff strategy by default. */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        void conclude()
        {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(listener, "listener");
            if (accountId <= 0)
            {
                throw new IllegalArgumentException("accountId must be positive");
            }
            if (heartbeatIntervalMs <= 0)
            {
                throw new IllegalArgumentException("heartbeatIntervalMs must be positive");
            }
            if (idleStrategy == null)
            {
                idleStrategy = new BackoffIdleStrategy(
                    10, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
