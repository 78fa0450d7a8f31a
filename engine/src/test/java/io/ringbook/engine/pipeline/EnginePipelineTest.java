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
import java.util.concurrent.atomic.AtomicLong;

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
