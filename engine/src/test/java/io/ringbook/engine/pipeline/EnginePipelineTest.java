package io.ringbook.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RecordingListener;
import io.ringbook.engine.Side;
import io.ringbook.engine.TestInstruments;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnginePipelineTest
{
    private static final CommandTranslator<EngineCommand> COPY = EngineCommand::copyFrom;

    @Test
    void sequencesCommandsThroughGatingHandlerIntoTheMatcher()
    {
        final List<Long> matchedSequences = new ArrayList<>();
        final AtomicLong gatedUpTo = new AtomicLong();
        final List<String> violations = new ArrayList<>();
        final RecordingListener out = new RecordingListener(false)
        {
            public void onCommandComplete(final long sequence)
            {
                // Journal before match: the gating handler has seen this command already.
                if (gatedUpTo.get() < sequence)
                {
                    violations.add("matched " + sequence + " before gating saw it");
                }
                matchedSequences.add(sequence);
                super.onCommandComplete(sequence);
            }
        };
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, out);
        engine.addInstrument(TestInstruments.ABC);
        final EventHandler<CommandEvent> gate = (event, sequence, endOfBatch) -> gatedUpTo.set(event.sequence);
        final long startNs = System.currentTimeMillis() * 1_000_000L;

        final int count = 10_000;
        try (EnginePipeline pipeline = EnginePipeline.launch(new EnginePipeline.Context()
            .engine(engine)
            .ringSize(1024)
            .waitStrategy(WaitStrategies.byName("sleeping"))
            .firstSequence(100)
            .addGatingHandler(gate)))
        {
            final EngineCommand command = new EngineCommand();
            for (int i = 0; i < count; i++)
            {
                command.newOrder(TestInstruments.ABC.id(), 1 + (i % 2), i, i % 2 == 0 ? Side.BUY : Side.SELL,
                    OrderType.LIMIT, TimeInForce.GTC, 100, 1);
                pipeline.publish(COPY, command);
            }
        }

        assertEquals(List.of(), violations);
        assertEquals(count, matchedSequences.size());
        for (int i = 0; i < count; i++)
        {
            assertEquals(100 + i, matchedSequences.get(i));
        }
        // Alternating buys and sells at one price: every pair traded.
        assertEquals(count / 2, engine.book(TestInstruments.ABC.id()).tradeCount());
        assertTrue(out.events.stream().noneMatch(e -> e.startsWith("rejected")));
        assertTrue(startNs > 0);
    }

    @Test
    void aCommandTheJournalCannotTakeIsRejectedUnmatchedAndNothingAfterItIsJournaledOrMatched()
    {
        final RecordingListener out = new RecordingListener(false);
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, out);
        engine.addInstrument(TestInstruments.ABC);
        final MatchingEngine expected = new MatchingEngine(FastOrderBook::new, new RecordingListener(false));
        expected.addInstrument(TestInstruments.ABC);
        final List<Long> journaled = new CopyOnWriteArrayList<>();
        final List<Long> hooked = new CopyOnWriteArrayList<>();
        final int good = 5;
        final CommandJournal journal = command ->
        {
            if (journaled.size() == good)
            {
                return false; // disk full
            }
            journaled.add(command.sequence);
            return true;
        };
        final EngineCommand command = new EngineCommand();
        try (EnginePipeline pipeline = EnginePipeline.launch(new EnginePipeline.Context()
            .engine(engine)
            .ringSize(64)
            .waitStrategy(WaitStrategies.byName("sleeping"))
            .commandJournal(journal)
            .matcherHook((matchingEngine, sequence) -> hooked.add(sequence))))
        {
            for (int i = 1; i <= 8; i++)
            {
                command.newOrder(
                    TestInstruments.ABC.id(), 1, i, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000 - i, 10);
                pipeline.publish(COPY, command);
                if (i <= good)
                {
                    final EngineCommand copy = new EngineCommand().copyFrom(command);
                    copy.sequence = i;
                    expected.process(copy);
                }
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pipeline.processedSequence() < 8)
            {
                assertTrue(System.nanoTime() < deadlineNs, "the matcher did not reach sequence 8");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertTrue(pipeline.journalFailed());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), journaled, "nothing journaled after the first failure");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), hooked, "the hook runs only after applied commands");
        assertEquals(expected.stateHash(), engine.stateHash(), "unjournaled commands changed no state");
        final List<String> rejects = out.events.stream().filter(e -> e.contains("JOURNAL_UNAVAILABLE")).toList();
        assertEquals(3, rejects.size(), out.events::toString);
    }

    @Test
    void aStagingJournalIsFlushedBeforeTheMatcherSeesAnyOfItsCommandsAndAFailedFlushRejectsTheWholeBatch()
    {
        final RecordingListener out = new RecordingListener(false);
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, out);
        engine.addInstrument(TestInstruments.ABC);
        final List<Long> staged = new ArrayList<>();
        final List<Long> written = new CopyOnWriteArrayList<>();
        final List<Long> hooked = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicInteger batchEnds = new AtomicInteger();
        final long failingSequence = 10;
        final CommandJournal journal = new CommandJournal()
        {
            public boolean append(final CommandEvent command)
            {
                staged.add(command.sequence);
                return true;
            }

            public boolean flush()
            {
                if (staged.contains(failingSequence))
                {
                    staged.clear();
                    return false; // the disk filled up under this batch
                }
                written.addAll(staged);
                staged.clear();
                return true;
            }

            public int maxStaged()
            {
                return 3;
            }
        };
        final int total = 20;
        try (EnginePipeline pipeline = EnginePipeline.launch(new EnginePipeline.Context()
            .engine(engine)
            .ringSize(64)
            .waitStrategy(WaitStrategies.byName("sleeping"))
            .commandJournal(journal)
            .matcherHook(new MatcherHook()
            {
                public void afterCommand(final MatchingEngine matchingEngine, final long sequence)
                {
                    if (!written.contains(sequence))
                    {
                        violations.add("matched " + sequence + " before it was written");
                    }
                    hooked.add(sequence);
                }

                public void endOfBatch()
                {
                    batchEnds.incrementAndGet();
                }
            })))
        {
            final EngineCommand command = new EngineCommand();
            for (int i = 1; i <= total; i++)
            {
                command.newOrder(
                    TestInstruments.ABC.id(), 1, i, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000 - i, 10);
                pipeline.publish(COPY, command);
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pipeline.processedSequence() < total)
            {
                assertTrue(System.nanoTime() < deadlineNs, "the matcher did not reach the last sequence");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertTrue(pipeline.journalFailed());
        }
        assertEquals(List.of(), violations);
        assertFalse(written.isEmpty());
        assertTrue(written.size() < failingSequence, "the batch holding the failing command is not written");
        for (int i = 0; i < written.size(); i++)
        {
            assertEquals(i + 1L, written.get(i), "written in order, without a hole: " + written);
        }
        assertEquals(written, hooked, "exactly the written commands were matched");
        final List<String> rejects = out.events.stream().filter(e -> e.contains("JOURNAL_UNAVAILABLE")).toList();
        assertEquals(total - written.size(), rejects.size(), out.events::toString);
        assertTrue(batchEnds.get() > 0);
    }

    @Test
    void tryPublishReportsAFullRing() throws InterruptedException
    {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, new RecordingListener(false));
        engine.addInstrument(TestInstruments.ABC);
        final EventHandler<CommandEvent> slowGate = (event, sequence, endOfBatch) -> release.await();
        final EnginePipeline pipeline = EnginePipeline.launch(new EnginePipeline.Context()
            .engine(engine).ringSize(8).waitStrategy(WaitStrategies.byName("blocking")).addGatingHandler(slowGate));
        final EngineCommand command = new EngineCommand().newOrder(
            TestInstruments.ABC.id(), 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1);
        int published = 0;
        while (pipeline.tryPublish(COPY, command))
        {
            published++;
            command.clientOrderId++;
        }
        assertEquals(8, published);
        assertEquals(8, pipeline.occupancy());
        assertFalse(pipeline.tryPublish(COPY, command));
        release.countDown();
        pipeline.close();
        assertEquals(8, pipeline.processedSequence());
    }

    @Test
    void closesPromptlyWhenNothingWasPublished()
    {
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, new RecordingListener(false));
        final long startNs = System.nanoTime();
        EnginePipeline.launch(new EnginePipeline.Context().engine(engine).ringSize(8)).close();
        assertTrue(System.nanoTime() - startNs < 10_000_000_000L, "close must not wait for its 30 s deadline");
    }

    @Test
    void rejectsBadConfiguration()
    {
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, new RecordingListener());
        assertThrows(IllegalArgumentException.class,
            () -> EnginePipeline.launch(new EnginePipeline.Context().engine(engine).ringSize(1000)));
        assertThrows(IllegalArgumentException.class, () -> WaitStrategies.byName("spin-forever"));
    }
}
