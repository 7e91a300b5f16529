package org.intformer.board;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The serial transport on a pseudo-terminal (no board needed): a small Python helper opens a pty pair and echoes
 * every byte written to the terminal back, so frames sent through jSerialComm come back through it and decode.
 */
class SerialTransportTest {
    static final String ECHO = String.join("\n",
            "import os, pty, sys, tty",
            "m, s = pty.openpty()",
            "tty.setraw(s)",
            "print(os.ttyname(s), flush=True)",
            "while True:",
            "    d = os.read(m, 4096)",
            "    if not d: break",
            "    os.write(m, d)");

    @Test
    void framesGoOutAndComeBackThroughAPty() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        Process echo = new ProcessBuilder("/usr/bin/python3", "-c", ECHO).start();
        try {
            String tty = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assumeTrue(tty != null && tty.startsWith("/dev/"), "no pseudo-terminal");
            try (SerialTransport t = SerialTransport.open(tty, 115_200)) {
                Frame f = new Frame(FrameType.FORECAST, Payloads.int16(new int[] {1, -2, 300}));
                DeviceClient c = new DeviceClient(t, 2000);
                assertThat(c.exchange(f.encode())).isEqualTo(f);
                // nothing more comes: the read times out with 0 bytes
                assertThat(t.read(new byte[8], 100)).isZero();
            }
        } finally {
            echo.destroy();
            echo.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingPortIsAUserError() {
        assertThatThrownBy(() -> SerialTransport.open("/dev/intformer-no-such-port", 115_200)).isInstanceOf(UserError.class)
                .hasMessageContaining("cannot open serial port");
    }
}
