package io.ringbook.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.RejectReason;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The sequencer: one Disruptor ring, a single producer, gating handlers (such as the journal) that see each command
 * before the matcher, and the matching handler that applies it to the {@link MatchingEngine}, whose listener is the
 * pipeline's output. Sequence numbers are stamped at publication (ring sequence plus a base, so they continue after
 * recovery) together with a timestamp from the injected clock; the state machine never reads a clock itself.
 * <p>
 * Single producer: exactly one thread may publish. Launch with {@link #launch(Context)}.
 */
public final class EnginePipeline implements AutoCloseable
{
    private final Disruptor<CommandEvent> disruptor;
    private final RingBuffer<CommandEvent> ringBuffer;
    private final EpochNanoClock clock;
    private final long sequenceBase;
    private final MatchingHandler matchingHandler;
    private final JournalHandler journalHandler;
    private boolean closed;

    private EnginePipeline(final Context ctx)
    {
        this.clock = ctx.clock;
        this.sequenceBase = ctx.firstSequence;
        this.disruptor = new Disruptor<>(
            CommandEvent::new, ctx.ringSize, ctx.threadFactory, ProducerType.SINGLE, ctx.waitStrategy);
        this.matchingHandler = new MatchingHandler(ctx.engine, ctx.matcherHook);
        disruptor.setDefaultExceptionHandler(new ErrorHandlingExceptionHandler(ctx.errorHandler));
        if (ctx.commandJournal != null)
        {
            journalHandler = new JournalHandler(ctx.commandJournal);
            ctx.gatingHandlers.add(0, journalHandler);
        }
        else
        {
            journalHandler = null;
        }
        if (ctx.gatingHandlers.isEmpty())
        {
            disruptor.handleEventsWith(matchingHandler);
        }
        else
        {
            @SuppressWarnings({ "unchecked", "rawtypes" })
            final EventHandler<CommandEvent>[] gating = ctx.gatingHandlers.toArray(new EventHandler[0]);
            final EventHandlerGroup<CommandEvent> group = disruptor.handleEventsWith(gating);
            group.then(matchingHandler);
        }
        this.ringBuffer = disruptor.start();
        awaitStart(ctx.startTimeoutMs);
    }

    /**
     * Disruptor's shutdown skips handlers whose threads have not started, so wait for the matcher before returning:
     * a close right after launch must still drain every published command.
     */
    private void awaitStart(final long timeoutMs)
    {
        try
        {
            if (!matchingHandler.started.await(timeoutMs, TimeUnit.MILLISECONDS))
            {
                disruptor.halt();
                throw new IllegalStateException("matching thread did not start within " + timeoutMs + "ms");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            disruptor.halt();
            throw new IllegalStateException("interrupted while starting the pipeline", ex);
        }
    }

    /**
     * Start the ring's handler threads.
     */
    public static EnginePipeline launch(final Context ctx)
    {
        ctx.conclude();
        return new EnginePipeline(ctx);
    }

    /**
     * Publish one command, waiting for ring space if the matcher is behind.
     */
    public <A> void publish(final CommandTranslator<A> translator, final A argument)
    {
        final long ringSequence = ringBuffer.next();
        fillAndPublish(ringSequence, translator, argument);
    }

    /**
     * Publish one command if the ring has space now.
     *
     * @return false when the ring is full (back pressure); nothing was published.
     */
    public <A> boolean tryPublish(final CommandTranslator<A> translator, final A argument)
    {
        final long ringSequence;
        try
        {
            ringSequence = ringBuffer.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return false;
        }
        fillAndPublish(ringSequence, translator, argument);
        return true;
    }

    private <A> void fillAndPublish(final long ringSequence, final CommandTranslator<A> translator, final A argument)
    {
        try
        {
            final CommandEvent event = ringBuffer.get(ringSequence);
            event.clear();
            event.sessionId = 0;
            event.journalFailed = false;
            translator.translate(event, argument);
            event.sequence = sequenceBase + ringSequence;
            event.timestampNs = clock.nanoTime();
        }
        finally
        {
            ringBuffer.publish(ringSequence);
        }
    }

    /**
     * @return the engine sequence of the last command the matcher processed, or -1 before the first.
     */
    public long processedSequence()
    {
        return matchingHandler.lastSequence;
    }

    /**
     * @return true once a command could not be journaled: from then on nothing is journaled or matched (every command
     * is rejected with {@code JOURNAL_UNAVAILABLE}), so producers should stop taking orders. Safe from any thread.
     */
    public boolean journalFailed()
    {
        return journalHandler != null && journalHandler.failed;
    }

    /**
     * @return true when the next {@link #tryPublish} will find a slot (the caller being the only producer).
     */
    public boolean hasCapacity()
    {
        return ringBuffer.hasAvailableCapacity(1);
    }

    /**
     * @return slots of the ring not yet consumed by every handler.
     */
    public long occupancy()
    {
        return ringBuffer.getBufferSize() - ringBuffer.remainingCapacity();
    }

    /**
     * Wait until every published command has been processed, then stop the handler threads.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            final long lastPublished = ringBuffer.getCursor();
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (matchingHandler.lastRingSequence < lastPublished && System.nanoTime() < deadlineNs)
            {
                Thread.onSpinWait();
                Thread.yield();
            }
            try
            {
                disruptor.shutdown(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (final TimeoutException ex)
            {
                disruptor.halt();
                throw new IllegalStateException("ring did not drain within 30s; halted", ex);
            }
        }
    }

    /**
     * An exception on a ring thread is a bug: record it and go on with the next command rather than stop the ring.
     */
    private static final class ErrorHandlingExceptionHandler implements ExceptionHandler<CommandEvent>
    {
        private final ErrorHandler errorHandler;

        ErrorHandlingExceptionHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
        }

        public void handleEventException(final Throwable ex, final long sequence, final CommandEvent event)
        {
            errorHandler.onError(new IllegalStateException("failed on command " + event, ex));
        }

        public void handleOnStartException(final Throwable ex)
        {
            errorHandler.onError(ex);
        }

        public void handleOnShutdownException(final Throwable ex)
        {
            errorHandler.onError(ex);
        }
    }

    private static final class MatchingHandler implements EventHandler<CommandEvent>
    {
        private final MatchingEngine engine;
        final CountDownLatch started = new CountDownLatch(1);
        volatile long lastSequence = -1;
        volatile long lastRingSequence = -1;

        private final MatcherHook hook;

        MatchingHandler(final MatchingEngine engine, final MatcherHook hook)
        {
            this.engine = engine;
            this.hook = hook;
        }

        public void onStart()
        {
            started.countDown();
        }

        public void onEvent(final CommandEvent event, final long sequence, final boolean endOfBatch)
        {
            if (event.journalFailed)
            {
                engine.rejectUnprocessed(event, RejectReason.JOURNAL_UNAVAILABLE);
            }
            else
            {
                engine.process(event);
                if (hook != null)
                {
                    hook.afterCommand(engine, event.sequence);
                }
            }
            if (endOfBatch && hook != null)
            {
                hook.endOfBatch();
            }
            lastSequence = event.sequence;
            lastRingSequence = sequence;
        }
    }

    /**
     * Journals each command before the matcher may see it: appends each (the journal may stage it) and flushes at the
     * end of each batch, or sooner when the journal's staging limit is reached. The Disruptor publishes this
     * handler's sequence only after the whole batch, so the matcher never sees a command that is not yet written.
     * After the first failure it writes nothing more (a journal with a hole in it could not be replayed) and marks
     * every command, so none is matched or acknowledged: those of the failed flush, and all later ones.
     */
    private static final class JournalHandler implements EventHandler<CommandEvent>
    {
        private final CommandJournal journal;
        private final CommandEvent[] staged;
        private int stagedCount;
        volatile boolean failed;

        JournalHandler(final CommandJournal journal)
        {
            this.journal = journal;
            this.staged = new CommandEvent[Math.max(1, journal.maxStaged())];
        }

        public void onEvent(final CommandEvent event, final long sequence, final boolean endOfBatch)
        {
            if (failed)
            {
                event.journalFailed = true;
                return;
            }
            staged[stagedCount++] = event;
            boolean written = journal.append(event);
            if (written && (endOfBatch || stagedCount == staged.length))
            {
                written = journal.flush();
                if (written)
                {
                    clearStaged();
                }
            }
            if (!written)
            {
                failed = true;
                for (int i = 0; i < stagedCount; i++)
                {
                    staged[i].journalFailed = true;
                }
                clearStaged();
            }
        }

        private void clearStaged()
        {
            for (int i = 0; i < stagedCount; i++)
            {
                staged[i] = null;
            }
            stagedCount = 0;
        }
    }

    /**
     * Pipeline configuration with defaults; validated by {@link #conclude()}.
     */
    public static final class Context
    {
        private MatchingEngine engine;
        private int ringSize = 1 << 16;
        private WaitStrategy waitStrategy;
        private ThreadFactory threadFactory;
        private EpochNanoClock clock;
        private long firstSequence = 1;
        private long startTimeoutMs = 10_000;
        private ErrorHandler errorHandler;
        private final List<EventHandler<CommandEvent>> gatingHandlers = new ArrayList<>();
        private CommandJournal commandJournal;
        private MatcherHook matcherHook;

        public Context engine(final MatchingEngine engine)
        {
            this.engine = engine;
            return this;
        }

        /** Ring slots, a power of two. */
        public Context ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        public Context waitStrategy(final WaitStrategy waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        public Context threadFactory(final ThreadFactory threadFactory)
        {
            this.threadFactory = threadFactory;
            return this;
        }

        public Context clock(final EpochNanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /** Engine sequence of the first command published; after recovery, the next after the journal's last. */
        public Context firstSequence(final long firstSequence)
        {
            this.firstSequence = firstSequence;
            return this;
        }

        /** Where exceptions on ring threads go (they are bugs); default: print to stderr. */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /** How long {@link EnginePipeline#launch(Context)} waits for the matching thread to start. */
        public Context startTimeoutMs(final long startTimeoutMs)
        {
            this.startTimeoutMs = startTimeoutMs;
            return this;
        }

        /**
         * Journal every command before the matcher sees it (the first gating handler); a command that cannot be
         * journaled is rejected, not matched. See {@link CommandJournal}.
         */
        public Context commandJournal(final CommandJournal commandJournal)
        {
            this.commandJournal = commandJournal;
            return this;
        }

        /** Called on the matching thread after each command it applied (state snapshots). */
        public Context matcherHook(final MatcherHook matcherHook)
        {
            this.matcherHook = matcherHook;
            return this;
        }

        /** A handler that sees every command before the matcher does (the matcher gates on it). */
        public Context addGatingHandler(final EventHandler<CommandEvent> handler)
        {
            gatingHandlers.add(Objects.requireNonNull(handler));
            return this;
        }

        void conclude()
        {
            Objects.requireNonNull(engine, "engine");
            if (Integer.bitCount(ringSize) != 1)
            {
                throw new IllegalArgumentException("ringSize must be a power of two: " + ringSize);
            }
            if (firstSequence < 0)
            {
                throw new IllegalArgumentException("firstSequence must not be negative: " + firstSequence);
            }
            if (waitStrategy == null)
            {
                waitStrategy = WaitStrategies.byName("sleeping");
            }
            if (threadFactory == null)
            {
                threadFactory = runnable ->
                {
                    final Thread thread = new Thread(runnable, "ringbook-matcher");
                    thread.setDaemon(true);
                    return thread;
                };
            }
            if (clock == null)
            {
                clock = new SystemEpochNanoClock();
            }
            if (errorHandler == null)
            {
                errorHandler = Throwable::printStackTrace;
            }
        }
    }
}
