package io.ringbook.engine;

import io.ringbook.engine.book.ReferenceOrderBook;

/**
 * A fixed list of {@link RandomCommands}, for tests outside this package that replay the same commands on several
 * engines (e.g. from a snapshot): the generator is fed back the orders a reference engine accepts while the list is
 * made, so the list is valid as it stands, and every engine that replays it from the start sees the same commands.
 */
public final class RandomCommandScript
{
    private RandomCommandScript()
    {
    }

    /**
     * @return the instruments the commands trade, to define on each engine.
     */
    public static Instrument[] instruments()
    {
        return RandomCommands.INSTRUMENTS.clone();
    }

    /**
     * @param seed  of the generator.
     * @param count commands to make; sequences run from 1.
     * @return the commands, each its own object.
     */
    public static EngineCommand[] generate(final long seed, final int count)
    {
        final RandomCommands random = new RandomCommands(seed);
        final EngineListener remember = new ForwardingListener(new RecordingListener(false))
        {
            public void onAccepted(
                final long sequence, final int instrumentId, final long orderId, final long accountId,
                final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
                final long price, final long quantity)
            {
                random.remember(instrumentId, accountId, clientOrderId, orderId);
            }

            public void onCommandComplete(final long sequence)
            {
            }
        };
        final MatchingEngine engine = new MatchingEngine(ReferenceOrderBook::new, remember, 1 << 10);
        for (final Instrument instrument : RandomCommands.INSTRUMENTS)
        {
            engine.addInstrument(instrument);
        }
        final EngineCommand[] commands = new EngineCommand[count];
        for (int i = 0; i < count; i++)
        {
            final EngineCommand command = new EngineCommand();
            random.next(command);
            command.sequence = i + 1;
            commands[i] = command;
            engine.process(command);
        }
        return commands;
    }
}
