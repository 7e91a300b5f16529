package org.intformer.board;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import org.intformer.UserError;

/** A serial port (8N1, no flow control) through jSerialComm. */
public final class SerialTransport implements Transport {
    private final SerialPort port;
    private final String name;

    private SerialTransport(SerialPort port, String name) {
        this.port = port;
        this.name = name;
    }

    /** Opens {@code name} (e.g. /dev/ttyUSB1, COM3) at {@code baud}; a port that cannot be opened is a user error. */
    public static SerialTransport open(String name, int baud) {
        if (baud <= 0) {
            throw new UserError("--baud must be positive, got " + baud);
        }
        SerialPort p;
        try {
            p = SerialPort.getCommPort(name);
        } catch (SerialPortInvalidPortException e) {
            throw new UserError("cannot open serial port " + name + ": " + e.getMessage());
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!p.openPort()) {
            throw new UserError("cannot open serial port " + name + " (does it exist, and may this user open it?)");
        }
        return new SerialTransport(p, name);
    }

    @Override
    public void write(byte[] bytes) {
        int n = port.writeBytes(bytes, bytes.length);
        if (n != bytes.length) {
            throw new UserError("serial port " + name + ": wrote " + n + " of " + bytes.length + " bytes");
        }
    }

    @Override
    public int read(byte[] buf, int timeoutMillis) {
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, timeoutMillis, 0);
        int n = port.readBytes(buf, buf.length);
        if (n < 0) {
            throw new UserError("serial port " + name + ": read failed (unplugged?)");
        }
        return n;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
