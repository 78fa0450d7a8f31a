package io.ringbook.engine.server;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringbook.codecs.FrameCheckResult;
import io.ringbook.codecs.MessageHeaderValidator;
import io.ringbook.codecs.orderentry.CancelOrderDecoder;
import io.ringbook.codecs.orderentry.CancelRejectEncoder;
import io.ringbook.codecs.orderentry.CancelRejectResponseTo;
import io.ringbook.codecs.orderentry.CancelReplaceOrderDecoder;
import io.ringbook.codecs.orderentry.HeartbeatDecoder;
import io.ringbook.codecs.orderentry.HeartbeatEncoder;
import io.ringbook.codecs.orderentry.LogonAcceptedEncoder;
import io.ringbook.codecs.orderentry.LogonDecoder;
import io.ringbook.codecs.orderentry.LogonRejectEncoder;
import io.ringbook.codecs.orderentry.LogonRejectReason;
import io.ringbook.codecs.orderentry.LogoutDecoder;
import io.ringbook.codecs.orderentry.LogoutEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderDecoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.NewOrderDecoder;
import io.ringbook.codecs.orderentry.OrderRejectEncoder;
import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.codecs.orderentry.SessionRejectEncoder;
import io.ringbook.codecs.orderentry.SessionRejectReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.pipeline.CommandEvent;
import io.ringbook.engine.pipeline.CommandTranslator;
import io.ringbook.engine.pipeline.EnginePipeline;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.EngineTelemetry;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The order-entry ingress: polls the engine's Aeron subscription, keeps the sessions (logon, heartbeats, timeouts,
 * rate limits, cancel-on-disconnect), checks each frame, and publishes valid commands into the ring. It is the ring's
 * single producer.
 * <p>
 * Bad input never reaches the engine and never kills this thread: an unreadable frame gets a {@code SessionReject}
 * with the reason (or, before logon, nothing, since there is nowhere to answer), is counted, and a session that sends
 * {@code maxBadFrames} bad frames in a row is disconnected as garbage. Business checks (prices, quantities, order
 * ownership) are the engine's, and come back as rejects with reasons.
 */
final class OrderEntryAgent implements Agent, ControlledFragmentHandler
{
    private static final int FRAGMENT_LIMIT = 256;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MIN_HEARTBEAT_MS = 10;
    private static final int MAX_HEARTBEAT_MS = 60_000;
    private static final int MISSED_HEARTBEATS_TIMEOUT = 3;

    private final Aeron aeron;
    private final Subscription subscription;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final EnginePipeline pipeline;
    private final EngineConfig.Engine config;
    private final EgressRouter router;
    private final EngineTelemetry telemetry;
    private final CachedNanoClock nanoClock = new CachedNanoClock();
    private final CachedEpochClock epochClock = new CachedEpochClock();
    private final NanoClock systemNanoClock;
    private final EpochClock systemEpochClock;
    private final Int2ObjectHashMap<Session> sessions = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<EngineConfig.AccountConfig> accounts = new Long2ObjectHashMap<>();
    private final LongArrayList pendingMassCancels = new LongArrayList();
    private final ArrayList<Session> housekeepingSnapshot = new ArrayList<>();
    private final MessageHeaderValidator validator = MessageHeaderValidator.orderEntry();
    private final long logonTimeoutNs;
    private final long slowConsumerTimeoutNs;
    private long nextSessionId;
    private long lastHousekeepingNs;
    private long lastTelemetryHeartbeatMs;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final LogonDecoder logonDecoder = new LogonDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelDecoder = new CancelOrderDecoder();
    private final CancelReplaceOrderDecoder replaceDecoder = new CancelReplaceOrderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LogonAcceptedEncoder logonAcceptedEncoder = new LogonAcceptedEncoder();
    private final LogonRejectEncoder logonRejectEncoder = new LogonRejectEncoder();
    private final SessionRejectEncoder sessionRejectEncoder = new SessionRejectEncoder();
    private final OrderRejectEncoder orderRejectEncoder = new OrderRejectEncoder();
    private final CancelRejectEncoder cancelRejectEncoder = new CancelRejectEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final LogoutEncoder logoutEncoder = new LogoutEncoder();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(512);

    private final AtomicCounter ordersReceived;
    private final AtomicCounter cancelsReceived;
    private final AtomicCounter replacesReceived;
    private final AtomicCounter sessionsActive;
    private final AtomicCounter logons;
    private final AtomicCounter logonRejects;
    private final AtomicCounter logouts;
    private final AtomicCounter sessionTimeouts;
    private final AtomicCounter sessionRejects;
    private final AtomicCounter malformedFrames;
    private final AtomicCounter garbageDisconnects;
    private final AtomicCounter rateLimited;
    private final AtomicCounter journalRejects;
    private final AtomicCounter ringOccupancy;
    private final AtomicCounter ringFull;
    private final AtomicCounter slowConsumerDisconnects;
    private final AtomicCounter ingressMessages;
    private final AtomicCounter commandsSequenced;

    private Session current;
    private final CommandTranslator<NewOrderDecoder> newOrderTranslator = this::translateNewOrder;
    private final CommandTranslator<CancelOrderDecoder> cancelTranslator = this::translateCancel;
    private final CommandTranslator<CancelReplaceOrderDecoder> replaceTranslator = this::translateReplace;
    private final CommandTranslator<Long> massCancelTranslator = (event, accountId) -> event.massCancel(accountId);

    OrderEntryAgent(
        final Aeron aeron,
        final EngineConfig config,
        final EnginePipeline pipeline,
        final EgressRouter router,
        final EngineTelemetry telemetry,
        final NanoClock nanoClock,
        final EpochClock epochClock)
    {
        this.aeron = aeron;
        this.config = config.engine;
        this.pipeline = pipeline;
        this.router = router;
        this.telemetry = telemetry;
        this.systemNanoClock = nanoClock;
        this.systemEpochClock = epochClock;
        for (final EngineConfig.AccountConfig account : config.accounts)
        {
            accounts.put(account.id, account);
        }
        logonTimeoutNs = TimeUnit.MILLISECONDS.toNanos(this.config.logonTimeoutMs);
        slowConsumerTimeoutNs = TimeUnit.MILLISECONDS.toNanos(this.config.slowConsumerTimeoutMs);
        subscription = aeron.addSubscription(this.config.ingressChannel, this.config.ingressStreamId);
        ordersReceived = telemetry.counter(EngineCounter.ORDERS_RECEIVED);
        cancelsReceived = telemetry.counter(EngineCounter.CANCELS_RECEIVED);
        replacesReceived = telemetry.counter(EngineCounter.REPLACES_RECEIVED);
        sessionsActive = telemetry.counter(EngineCounter.SESSIONS_ACTIVE);
        logons = telemetry.counter(EngineCounter.LOGONS);
        logonRejects = telemetry.counter(EngineCounter.LOGON_REJECTS);
        logouts = telemetry.counter(EngineCounter.LOGOUTS);
        sessionTimeouts = telemetry.counter(EngineCounter.SESSION_TIMEOUTS);
        sessionRejects = telemetry.counter(EngineCounter.SESSION_REJECTS);
        malformedFrames = telemetry.counter(EngineCounter.MALFORMED_FRAMES);
        garbageDisconnects = telemetry.counter(EngineCounter.GARBAGE_DISCONNECTS);
        rateLimited = telemetry.counter(EngineCounter.RATE_LIMITED);
        journalRejects = telemetry.counter(EngineCounter.JOURNAL_REJECTS);
        ringOccupancy = telemetry.counter(EngineCounter.RING_OCCUPANCY);
        ringFull = telemetry.counter(EngineCounter.RING_FULL);
        slowConsumerDisconnects = telemetry.counter(EngineCounter.SLOW_CONSUMER_DISCONNECTS);
        ingressMessages = telemetry.counter(EngineCounter.INGRESS_MESSAGES);
        commandsSequenced = telemetry.counter(EngineCounter.COMMANDS_SEQUENCED);
    }

    public String roleName()
    {
        return "ringbook-order-entry";
    }

    public int doWork()
    {
        final long nowNs = systemNanoClock.nanoTime();
        nanoClock.update(nowNs);
        int work = publishPendingMassCancels();
        work += subscription.controlledPoll(assembler, FRAGMENT_LIMIT);
        if (nowNs - lastHousekeepingNs >= HOUSEKEEPING_INTERVAL_NS)
        {
            lastHousekeepingNs = nowNs;
            epochClock.update(systemEpochClock.time());
            work += housekeeping(nowNs);
        }
        return work;
    }

    public void onClose()
    {
        CloseHelper.quietClose(subscription);
    }

    /**
     * Say goodbye to every session and close its egress. Called by the node after this agent's thread has stopped
     * and the ring has drained, so the last reports went out first.
     */
    void closeAllSessions(final String reason)
    {
        for (final Session session : sessions.values())
        {
            if (session.state == Session.State.ACTIVE)
            {
                sendLogout(session, reason);
                router.detach(session.slot);
                sessionsActive.decrement();
            }
            CloseHelper.quietClose(session.egress);
        }
        sessions.clear();
    }

    int activeSessions()
    {
        int count = 0;
        for (final Session session : sessions.values())
        {
            if (session.state == Session.State.ACTIVE)
            {
                count++;
            }
        }
        return count;
    }

    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long nowNs = nanoClock.nanoTime();
        Session session = sessions.get(header.sessionId());
        if (session == null)
        {
            session = new Session(header.sessionId(), nowNs);
            sessions.put(header.sessionId(), session);
        }
        current = session;
        try
        {
            return onMessage(session, buffer, offset, length, nowNs);
        }
        catch (final RuntimeException ex)
        {
            // A frame that decodes past its end or holds impossible values: a bad frame, never a dead thread.
            badFrame(session, 0, SessionRejectReason.InvalidValue, "cannot decode: " + ex.getClass().getSimpleName());
            return Action.CONTINUE;
        }
    }

    private Action onMessage(
        final Session session, final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        final FrameCheckResult check = validator.validate(buffer, offset, length);
        if (check != FrameCheckResult.OK)
        {
            badFrame(session, check == FrameCheckResult.SHORT_BUFFER ? 0 : MessageHeaderValidator.templateId(
                buffer, offset), sessionRejectReason(check), validator.describe(buffer, offset, length));
            return Action.CONTINUE;
        }
        headerDecoder.wrap(buffer, offset);
        final int templateId = headerDecoder.templateId();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (templateId)
        {
            case LogonDecoder.TEMPLATE_ID:
                ingressMessages.increment();
                onLogon(session, buffer, bodyOffset, blockLength, version, offset + length, nowNs);
                return Action.CONTINUE;
            case HeartbeatDecoder.TEMPLATE_ID:
                ingressMessages.increment();
                session.lastReceivedNs = nowNs;
                session.badFrames = 0;
                return Action.CONTINUE;
            case LogoutDecoder.TEMPLATE_ID:
                ingressMessages.increment();
                if (session.state == Session.State.ACTIVE)
                {
                    logouts.increment();
                    disconnect(session, "logout");
                }
                return Action.CONTINUE;
            case NewOrderDecoder.TEMPLATE_ID:
            case CancelOrderDecoder.TEMPLATE_ID:
            case CancelReplaceOrderDecoder.TEMPLATE_ID:
                return onOrderMessage(session, buffer, bodyOffset, blockLength, version, templateId, nowNs);
            default:
                badFrame(session, templateId, SessionRejectReason.UnknownTemplate,
                    "template " + templateId + " is not for the engine");
                return Action.CONTINUE;
        }
    }

    private Action onOrderMessage(
        final Session session, final DirectBuffer buffer, final int bodyOffset, final int blockLength,
        final int version, final int templateId, final long nowNs)
    {
        if (session.state != Session.State.ACTIVE)
        {
            ingressMessages.increment();
            badFrame(session, templateId, SessionRejectReason.NotLoggedOn, "log on first");
            return Action.CONTINUE;
        }
        if (!pipeline.hasCapacity())
        {
            ringFull.increment();
            return Action.ABORT; // Aeron delivers it again once the matcher has caught up
        }
        ingressMessages.increment();
        session.lastReceivedNs = nowNs;
        final boolean journalDown = pipeline.journalFailed();
        final boolean allowed = !journalDown && session.tryAcquire(nowNs);
        final RejectReason rejectReason = journalDown ? RejectReason.JOURNAL_UNAVAILABLE : RejectReason.RATE_LIMITED;
        if (journalDown)
        {
            journalRejects.increment();
        }
        else if (!allowed)
        {
            rateLimited.increment();
        }
        if (templateId == NewOrderDecoder.TEMPLATE_ID)
        {
            ordersReceived.increment();
            newOrderDecoder.wrap(buffer, bodyOffset, blockLength, version);
            if (!allowed)
            {
                sendOrderReject(session, newOrderDecoder.clientOrderId(), newOrderDecoder.instrumentId(),
                    rejectReason);
                return Action.CONTINUE;
            }
            final String invalid = invalidNewOrder(newOrderDecoder);
            if (invalid != null)
            {
                badFrame(session, templateId, SessionRejectReason.InvalidValue, invalid);
                return Action.CONTINUE;
            }
            publish(newOrderTranslator, newOrderDecoder);
        }
        else if (templateId == CancelOrderDecoder.TEMPLATE_ID)
        {
            cancelsReceived.increment();
            cancelDecoder.wrap(buffer, bodyOffset, blockLength, version);
            if (!allowed)
            {
                sendCancelReject(session, cancelDecoder.clientOrderId(), cancelDecoder.origClientOrderId(),
                    cancelDecoder.orderId(), cancelDecoder.instrumentId(), CancelRejectResponseTo.Cancel, rejectReason);
                return Action.CONTINUE;
            }
            publish(cancelTranslator, cancelDecoder);
        }
        else
        {
            replacesReceived.increment();
            replaceDecoder.wrap(buffer, bodyOffset, blockLength, version);
            if (!allowed)
            {
                sendCancelReject(session, replaceDecoder.newClientOrderId(), replaceDecoder.origClientOrderId(),
                    replaceDecoder.orderId(), replaceDecoder.instrumentId(), CancelRejectResponseTo.Replace,
                    rejectReason);
                return Action.CONTINUE;
            }
            publish(replaceTranslator, replaceDecoder);
        }
        session.badFrames = 0;
        return Action.CONTINUE;
    }

    private <A> void publish(final CommandTranslator<A> translator, final A argument)
    {
        if (pipeline.tryPublish(translator, argument))
        {
            commandsSequenced.increment();
        }
        else
        {
            ringFull.increment(); // cannot happen after hasCapacity with one producer; counted if it ever does
        }
    }

    private static String invalidNewOrder(final NewOrderDecoder order)
    {
        if (order.side() != io.ringbook.codecs.orderentry.Side.Buy &&
            order.side() != io.ringbook.codecs.orderentry.Side.Sell)
        {
            return "side " + order.sideRaw() + " is not Buy(0) or Sell(1)";
        }
        if (order.ordType() != io.ringbook.codecs.orderentry.OrdType.Limit &&
            order.ordType() != io.ringbook.codecs.orderentry.OrdType.Market)
        {
            return "ordType " + order.ordTypeRaw() + " is not Limit(0) or Market(1)";
        }
        switch (order.timeInForce())
        {
            case GTC:
            case IOC:
            case FOK:
                break;
            default:
                return "timeInForce " + order.timeInForceRaw() + " is not GTC(0), IOC(1) or FOK(2)";
        }
        switch (order.stpMode())
        {
            case None:
            case CancelResting:
            case CancelIncoming:
            case CancelBoth:
                break;
            default:
                return "stpMode " + order.stpModeRaw() + " is not 0..3";
        }
        if ((order.execInst().getRaw() & ~1) != 0)
        {
            return "execInst has unknown bits: " + order.execInst().getRaw();
        }
        return null;
    }

    private void translateNewOrder(final CommandEvent event, final NewOrderDecoder order)
    {
        event.type = CommandType.NEW_ORDER;
        event.sessionId = current.sessionId;
        event.accountId = current.account.id;
        event.instrumentId = order.instrumentId();
        event.clientOrderId = order.clientOrderId();
        event.side = order.side() == io.ringbook.codecs.orderentry.Side.Buy ? Side.BUY : Side.SELL;
        event.orderType = order.ordType() == io.ringbook.codecs.orderentry.OrdType.Market ?
            OrderType.MARKET : OrderType.LIMIT;
        event.timeInForce = timeInForce(order.timeInForce());
        event.stpMode = stpMode(order.stpMode());
        event.postOnly = order.execInst().postOnly();
        event.price = order.price();
        event.quantity = order.quantity();
    }

    private void translateCancel(final CommandEvent event, final CancelOrderDecoder cancel)
    {
        event.type = CommandType.CANCEL_ORDER;
        event.sessionId = current.sessionId;
        event.accountId = current.account.id;
        event.instrumentId = cancel.instrumentId();
        event.clientOrderId = cancel.origClientOrderId();
        event.orderId = cancel.orderId();
        event.requestId = cancel.clientOrderId();
    }

    private void translateReplace(final CommandEvent event, final CancelReplaceOrderDecoder replace)
    {
        event.type = CommandType.REPLACE_ORDER;
        event.sessionId = current.sessionId;
        event.accountId = current.account.id;
        event.instrumentId = replace.instrumentId();
        event.clientOrderId = replace.origClientOrderId();
        event.orderId = replace.orderId();
        event.newClientOrderId = replace.newClientOrderId();
        event.price = replace.price();
        event.quantity = replace.quantity();
    }

    private static TimeInForce timeInForce(final io.ringbook.codecs.orderentry.TimeInForce tif)
    {
        return tif == io.ringbook.codecs.orderentry.TimeInForce.IOC ? TimeInForce.IOC :
            tif == io.ringbook.codecs.orderentry.TimeInForce.FOK ? TimeInForce.FOK : TimeInForce.GTC;
    }

    private static StpMode stpMode(final io.ringbook.codecs.orderentry.StpMode stp)
    {
        switch (stp)
        {
            case CancelResting:
                return StpMode.CANCEL_RESTING;
            case CancelIncoming:
                return StpMode.CANCEL_INCOMING;
            case CancelBoth:
                return StpMode.CANCEL_BOTH;
            default:
                return StpMode.NONE;
        }
    }

    private void onLogon(
        final Session session, final DirectBuffer buffer, final int bodyOffset, final int blockLength,
        final int version, final int end, final long nowNs)
    {
        if (session.state == Session.State.ACTIVE)
        {
            badFrame(session, LogonDecoder.TEMPLATE_ID, SessionRejectReason.AlreadyLoggedOn, "already logged on");
            return;
        }
        if (session.state == Session.State.REJECTED)
        {
            return; // the reject is on its way; the session goes with it
        }
        logonDecoder.wrap(buffer, bodyOffset, blockLength, version);
        final long accountId = logonDecoder.accountId();
        session.logonAccountId = accountId;
        final int heartbeatIntervalMs = logonDecoder.heartbeatIntervalMs();
        final int responseStreamId = logonDecoder.responseStreamId();
        final int secretLength = logonDecoder.secretLength();
        if (logonDecoder.limit() + LogonDecoder.secretHeaderLength() + secretLength > end)
        {
            badFrame(session, LogonDecoder.TEMPLATE_ID, SessionRejectReason.MessageTooShort, "truncated logon");
            return;
        }
        final byte[] secret = new byte[secretLength];
        logonDecoder.getSecret(secret, 0, secretLength);
        final int channelLength = logonDecoder.responseChannelLength();
        if (logonDecoder.limit() + LogonDecoder.responseChannelHeaderLength() + channelLength > end)
        {
            badFrame(session, LogonDecoder.TEMPLATE_ID, SessionRejectReason.MessageTooShort, "truncated logon");
            return;
        }
        final String egressChannel = egressChannel(logonDecoder.responseChannel());
        session.lastReceivedNs = nowNs;
        try
        {
            if (egressChannel == null)
            {
                throw new IllegalArgumentException("unusable response channel");
            }
            session.egress = aeron.addPublication(egressChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            // No way to answer a client whose response channel is unusable: count it and forget the session.
            malformedFrames.increment();
            logonRejects.increment();
            sessions.remove(session.imageSessionId);
            return;
        }

        final EngineConfig.AccountConfig account = accounts.get(accountId);
        final int slot = router.slot(accountId);
        if (account == null || slot < 0 ||
            !MessageDigest.isEqual(secret, account.secret.getBytes(StandardCharsets.UTF_8)))
        {
            reject(session, LogonRejectReason.INVALID_CREDENTIALS);
        }
        else if (router.publication(slot) != null)
        {
            reject(session, LogonRejectReason.ALREADY_LOGGED_ON);
        }
        else if (heartbeatIntervalMs < MIN_HEARTBEAT_MS || heartbeatIntervalMs > MAX_HEARTBEAT_MS)
        {
            reject(session, LogonRejectReason.INVALID_HEARTBEAT_INTERVAL);
        }
        else
        {
            session.state = Session.State.ACTIVE;
            session.account = account;
            session.slot = slot;
            session.sessionId = ++nextSessionId;
            session.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs);
            session.lastHeartbeatSentNs = nowNs;
            session.rateLimit(account.maxOrdersPerSecond);
            session.replyPending = true;
            session.badFrames = 0;
            router.attach(slot, session.egress);
            logons.increment();
            sessionsActive.increment();
        }
        sendPendingReply(session);
    }

    /**
     * The channel to answer a client on, made from the one its Logon names: its endpoint and interface, nothing
     * else (or plain {@code aeron:ipc} for a client on the engine's driver), so a client cannot have the engine
     * publish with settings of its choosing (session ids, linger, tether, ...), and two Logons that name the same channel and stream never ask the driver for the same publication with
     * different term or MTU lengths, which it refuses with an error. Null when the text is no UDP channel with an
     * endpoint: bad input, refused here rather than handed to the driver, which would report it as an error in the
     * engine's error log. (What only the driver can judge, such as an endpoint host that does not resolve, it
     * reports as an {@code InvalidChannelException}, which the node keeps out of the error log.)
     */
    static String egressChannel(final String requested)
    {
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(requested);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        if (uri.isIpc() && (uri.prefix() == null || uri.prefix().isEmpty()))
        {
            return CommonContext.IPC_CHANNEL; // a client on the engine's own media driver; parameters dropped too
        }
        final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
        if (!uri.isUdp() || (uri.prefix() != null && !uri.prefix().isEmpty()) || endpoint == null ||
            endpoint.isEmpty())
        {
            return null;
        }
        final String networkInterface = uri.get(CommonContext.INTERFACE_PARAM_NAME);
        return "aeron:udp?endpoint=" + endpoint +
            (networkInterface == null ? "" : "|" + CommonContext.INTERFACE_PARAM_NAME + "=" + networkInterface);
    }

    private void reject(final Session session, final LogonRejectReason reason)
    {
        logonRejects.increment();
        session.state = Session.State.REJECTED;
        session.rejectReason = reason;
        session.replyPending = true;
    }

    private void sendPendingReply(final Session session)
    {
        // Not from the logon decoder: a reply retried by housekeeping would read a buffer of an image that may be gone.
        final long accountId = session.logonAccountId;
        final int length;
        if (session.state == Session.State.ACTIVE)
        {
            logonAcceptedEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                .accountId(accountId)
                .sessionId(session.sessionId)
                .heartbeatIntervalMs((int)TimeUnit.NANOSECONDS.toMillis(session.heartbeatIntervalNs));
            length = MessageHeaderEncoder.ENCODED_LENGTH + logonAcceptedEncoder.encodedLength();
        }
        else
        {
            logonRejectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                .accountId(accountId)
                .reason(session.rejectReason)
                .text(session.rejectReason.name());
            length = MessageHeaderEncoder.ENCODED_LENGTH + logonRejectEncoder.encodedLength();
        }
        if (session.egress.offer(sendBuffer, 0, length) > 0)
        {
            session.replyPending = false;
            session.lastEgressPosition = session.egress.position();
            if (session.state == Session.State.REJECTED)
            {
                CloseHelper.quietClose(session.egress);
                sessions.remove(session.imageSessionId);
            }
        }
    }

    private void badFrame(final Session session, final int templateId, final SessionRejectReason reason,
        final String text)
    {
        malformedFrames.increment();
        sessionRejects.increment();
        if (session.state == Session.State.ACTIVE)
        {
            sessionRejectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                .refTemplateId(templateId)
                .reason(reason)
                .text(text);
            session.egress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH +
                sessionRejectEncoder.encodedLength());
        }
        if (++session.badFrames >= config.maxBadFrames)
        {
            garbageDisconnects.increment();
            rejectImage(session.imageSessionId, "too many bad frames");
            if (session.state == Session.State.ACTIVE)
            {
                disconnect(session, "too many bad frames");
            }
            else
            {
                CloseHelper.quietClose(session.egress);
                sessions.remove(session.imageSessionId);
            }
        }
    }

    /**
     * Stop taking a garbage sender's stream: the media driver drops the image and tells the publisher (an error
     * frame), so the engine no longer spends time on what it sends. IPC images cannot be rejected; that sender is
     * only disconnected.
     */
    private void rejectImage(final int imageSessionId, final String reason)
    {
        final Image image = subscription.imageBySessionId(imageSessionId);
        if (image != null && !image.isClosed() && !io.aeron.CommonContext.IPC_MEDIA.equals(
            io.aeron.ChannelUri.parse(subscription.channel()).media()))
        {
            try
            {
                image.reject(reason);
            }
            catch (final RuntimeException ex)
            {
                // Best effort: the session is disconnected either way.
            }
        }
    }

    private void sendOrderReject(
        final Session session, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        orderRejectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientOrderId(clientOrderId)
            .engineSequence(0)
            .instrumentId(instrumentId)
            .rejectReason(reason);
        session.egress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + orderRejectEncoder.encodedLength());
    }

    private void sendCancelReject(
        final Session session, final long clientOrderId, final long origClientOrderId, final long orderId,
        final int instrumentId, final CancelRejectResponseTo responseTo, final RejectReason reason)
    {
        cancelRejectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId)
            .engineSequence(0)
            .instrumentId(instrumentId)
            .responseTo(responseTo)
            .rejectReason(reason);
        session.egress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + cancelRejectEncoder.encodedLength());
    }

    private void sendLogout(final Session session, final String reason)
    {
        logoutEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).text(reason);
        session.egress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + logoutEncoder.encodedLength());
    }

    /**
     * End a logged-on session: tell the client why, stop routing its reports, and cancel its orders if its account
     * asks for that.
     */
    private void disconnect(final Session session, final String reason)
    {
        sendLogout(session, reason);
        router.detach(session.slot);
        sessionsActive.decrement();
        if (session.account.cancelOnDisconnect)
        {
            pendingMassCancels.addLong(session.account.id);
        }
        CloseHelper.quietClose(session.egress);
        sessions.remove(session.imageSessionId);
    }

    private int publishPendingMassCancels()
    {
        int published = 0;
        while (!pendingMassCancels.isEmpty() && pipeline.hasCapacity())
        {
            publish(massCancelTranslator, pendingMassCancels.removeAt(0));
            published++;
        }
        return published;
    }

    private int housekeeping(final long nowNs)
    {
        int work = 0;
        final long nowMs = epochClock.time();
        if (nowMs - lastTelemetryHeartbeatMs >= 1000)
        {
            lastTelemetryHeartbeatMs = nowMs;
            telemetry.updateHeartbeat(nowMs);
        }
        ringOccupancy.setOrdered(pipeline.occupancy());
        // Iterate a copy: replies, timeouts and disconnects remove sessions from the map.
        final ArrayList<Session> snapshot = housekeepingSnapshot;
        snapshot.clear();
        snapshot.addAll(sessions.values());
        for (int i = 0, size = snapshot.size(); i < size; i++)
        {
            final Session session = snapshot.get(i);
            if (session.replyPending)
            {
                work++;
                sendPendingReply(session);
                if (!sessions.containsKey(session.imageSessionId))
                {
                    continue; // a delivered reject ended it
                }
            }
            if (session.state != Session.State.ACTIVE)
            {
                if (nowNs - session.connectedNs > logonTimeoutNs)
                {
                    work++;
                    sessionTimeouts.increment();
                    CloseHelper.quietClose(session.egress);
                    sessions.remove(session.imageSessionId);
                }
                continue;
            }
            final Image image = subscription.imageBySessionId(session.imageSessionId);
            final long since = router.backPressuredSinceNs(session.slot);
            if (image == null || image.isClosed())
            {
                work++;
                sessionTimeouts.increment();
                disconnect(session, "client gone");
            }
            else if (nowNs - session.lastReceivedNs > MISSED_HEARTBEATS_TIMEOUT * session.heartbeatIntervalNs)
            {
                work++;
                sessionTimeouts.increment();
                disconnect(session, "heartbeat timeout");
            }
            else if (since != EgressRouter.NOT_BACK_PRESSURED && nowNs - since > slowConsumerTimeoutNs)
            {
                work++;
                slowConsumerDisconnects.increment();
                disconnect(session, "slow consumer");
            }
            else
            {
                work += heartbeat(session, nowNs);
            }
        }
        snapshot.clear();
        return work;
    }

    /**
     * Send a heartbeat when the session's egress has carried nothing for a heartbeat interval.
     */
    private int heartbeat(final Session session, final long nowNs)
    {
        final Publication egress = session.egress;
        final long position = egress.position();
        if (position != session.lastEgressPosition)
        {
            session.lastEgressPosition = position;
            session.lastHeartbeatSentNs = nowNs;
            return 0;
        }
        if (nowNs - session.lastHeartbeatSentNs < session.heartbeatIntervalNs)
        {
            return 0;
        }
        heartbeatEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sendingTimeNs(epochClock.time() * 1_000_000L);
        if (egress.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeatEncoder.encodedLength()) > 0)
        {
            session.lastHeartbeatSentNs = nowNs;
            session.lastEgressPosition = egress.position();
        }
        return 1;
    }

    private static SessionRejectReason sessionRejectReason(final FrameCheckResult check)
    {
        switch (check)
        {
            case WRONG_SCHEMA_ID:
                return SessionRejectReason.WrongSchema;
            case WRONG_VERSION:
                return SessionRejectReason.WrongVersion;
            case UNKNOWN_TEMPLATE:
                return SessionRejectReason.UnknownTemplate;
            default:
                return SessionRejectReason.MessageTooShort;
        }
    }
}
