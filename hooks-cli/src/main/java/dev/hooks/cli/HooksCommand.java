package dev.hooks.cli;

import dev.hooks.HooksException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "hooks",
        versionProvider = Version.class,
        mixinStandardHelpOptions = true,
        description = {"Build and test webhook integrations: receive, verify and record deliveries; act as the provider; "
                + "sign, verify, encrypt and decrypt payloads in scripts."},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (verify: signature valid; send: every delivery got a 2xx)",
            "1:the check failed: invalid signature, tag mismatch, handshake not echoed, a delivery failed",
            "2:usage or input error: unknown flag or provider, unreadable file, malformed key, missing secret",
            "3:could not connect / network error",
            "4:internal error (run with --stacktrace)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks listen --provider paismo --secret-env PAISMO_SECRET",
            "  hooks send employee.updated --provider paismo --secret s3cret \\",
            "      --to http://127.0.0.1:3000/webhook",
            "  echo -n '{\"a\":1}' | hooks sign --provider github --secret s3cret",
            "  hooks verify --provider stripe --secret whsec_x \\",
            "      -H 'Stripe-Signature: t=1,v1=ab' body.json",
            "",
            "Run 'hooks COMMAND --help' for a command's options."})
/** The top command, {@code hooks}: the options every command takes, and the list of commands. */
public final class HooksCommand implements Callable<Integer> {
    private final Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "On an internal error, print the stack trace.")
    boolean stacktrace;

    HooksCommand(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    /** {@code hooks} alone names no command: the usage, on standard error, and the usage error's exit code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return HooksException.USAGE;
    }
}
