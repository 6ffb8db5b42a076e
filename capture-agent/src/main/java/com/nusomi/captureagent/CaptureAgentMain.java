package com.nusomi.captureagent;

import com.nusomi.captureagent.sample.DriveCommand;
import com.nusomi.captureagent.sample.SampleAppCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The capture agent's command line: {@code record} (SPEC §9), plus the bundled sample app and its scripted driver. */
@Command(name = "nusomi", mixinStandardHelpOptions = true, subcommands = {RecordCommand.class, SampleAppCommand.class, DriveCommand.class},
        description = "Nusomi browser capture agent")
public final class CaptureAgentMain {
    public static void main(String[] args) {
        int code = new CommandLine(new CaptureAgentMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
