package io.ringbook.tools;

import io.ringbook.tools.replay.ExportCommand;
import io.ringbook.tools.replay.ReplayCommand;
import io.ringbook.tools.replay.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ringbook} command line: one subcommand per job. Run it through the {@code ./ringbook} launcher
 * at the repository root, which builds the jar if it is missing and passes the JVM flags the libraries need.
 */
@Command(
    name = "ringbook",
    mixinStandardHelpOptions = true,
    versionProvider = RingbookCli.Version.class,
    description = "A low-latency matching engine and order-book market-data feed.",
    subcommands = {
        CommandLine.HelpCommand.class,
        EngineProcessCommand.class,
        ScriptCommand.class,
        BookFromMboCommand.class,
        StatCommand.class,
        LoadCommand.class,
        ReplayCommand.class,
        ExportCommand.class,
        VerifyCommand.class,
        TailCommand.class,
        GatewayCommand.class,
        DemoCommand.class,
        PlotLatencyCommand.class,
    })
public final class RingbookCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The command line with ringbook's conventions: one clear line for a usage error, exit code 2.
     *
     * @return a command line ready to {@code execute}.
     */
    public static CommandLine newCommandLine()
    {
        final CommandLine commandLine = new CommandLine(new RingbookCli());
        commandLine.setParameterExceptionHandler((ex, args) ->
        {
            final CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("ringbook: " + ex.getMessage() + " (see '" +
                cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return commandLine;
    }

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            final String version = RingbookCli.class.getPackage().getImplementationVersion();
            return new String[]{ "ringbook " + (version == null ? "development build" : version) };
        }
    }
}
