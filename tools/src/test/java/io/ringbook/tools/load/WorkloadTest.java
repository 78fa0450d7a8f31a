package io.ringbook.tools.load;

import io.ringbook.engine.Instrument;
import io.ringbook.engine.server.EngineConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command the workload makes is valid on the sample config (tick, lot, maximum quantity, price band), and the
 * mix is what it says.
 */
class WorkloadTest
{
    private static InstrumentModel[] sampleInstruments(final List<Instrument> instruments)
    {
        final InstrumentModel[] models = new InstrumentModel[instruments.size()];
        for (int i = 0; i < models.length; i++)
        {
            models[i] = InstrumentModel.of(instruments.get(i));
        }
        return models;
    }

    @Test
    void commandsAreValidOnTheSampleConfigAndTheMixIsAsDocumented()
    {
        final List<Instrument> instruments =
            EngineConfig.parse(LoadTestSupport.sampleConfig(), "config/engine.yaml").buildInstruments();
        final InstrumentModel[] models = sampleInstruments(instruments);
        final Workload workload = new Workload(models, 42, 1_000_000);
        final OwnOrders orders = new OwnOrders(100_000);
        final Command command = new Command();
        final long[] kinds = new long[Command.KINDS];
        long nextId = 1;
        final int count = 100_000;
        for (int i = 0; i < count; i++)
        {
            workload.next(command, orders);
            kinds[command.kind]++;
            final Instrument instrument = instruments.get(command.instrumentIndex);
            assertEquals(instrument.id(), command.instrumentId);
            if (command.kind != Command.CANCEL)
            {
                assertEquals(0, command.price % instrument.tickSize(), () -> "off tick: " + command.price);
                assertEquals(0, command.quantity % instrument.lotSize(), "lot multiple");
                assertTrue(command.quantity > 0 && command.quantity <= instrument.maxOrderQuantity());
                // Any price is within the band of any price the workload could have traded at.
                final long bandTicks = instrument.referencePrice() / instrument.tickSize() * instrument.bandBps() /
                    Instrument.BPS_PER_UNIT;
                final long fromReference = Math.abs(command.price - instrument.referencePrice()) /
                    instrument.tickSize();
                assertTrue(2 * fromReference <= bandTicks * 9 / 10, () -> instrument.symbol() + " " + command.price +
                    " is " + fromReference + " ticks from the reference, band " + bandTicks);
            }
            if (command.kind == Command.REPLACE)
            {
                assertTrue(command.quantity >= command.targetQuantity, "a replace never cuts below the original");
            }
            // Acknowledge at once: new GTC orders rest, cancels remove.
            if (command.kind == Command.NEW_GTC)
            {
                orders.add(nextId, command.instrumentIndex, command.instrumentId, command.buy, command.price,
                    command.quantity).orderId = nextId;
                nextId++;
            }
            else if (command.kind == Command.CANCEL)
            {
                orders.remove(orders.get(command.targetClientOrderId));
            }
        }
        // No cap reached and no fills here: the mix is the configured one.
        assertEquals(Workload.GTC_PERCENT / 100.0, kinds[Command.NEW_GTC] / (double)count, 0.01);
        assertEquals(Workload.IOC_PERCENT / 100.0, kinds[Command.NEW_IOC] / (double)count, 0.01);
        assertEquals(Workload.CANCEL_PERCENT / 100.0, kinds[Command.CANCEL] / (double)count, 0.01);
        assertEquals(Workload.REPLACE_PERCENT / 100.0, kinds[Command.REPLACE] / (double)count, 0.01);
    }

    @Test
    void atTheCapNewOrdersBecomeCancels()
    {
        final List<Instrument> instruments =
            EngineConfig.parse(LoadTestSupport.sampleConfig(), "config/engine.yaml").buildInstruments();
        final Workload workload = new Workload(sampleInstruments(instruments), 1, 10);
        final OwnOrders orders = new OwnOrders(10);
        for (int i = 1; i <= 10; i++)
        {
            orders.add(i, 0, 1, true, 18_900, 1).orderId = i;
        }
        final Command command = new Command();
        for (int i = 0; i < 1_000; i++)
        {
            workload.next(command, orders);
            assertTrue(command.kind != Command.NEW_GTC, "no new resting order above the cap");
        }
    }
}
