package org.intformer.board;

/**
 * A byte link to a device: a serial port ({@link SerialTransport}) or the simulated board
 * ({@link SimulatedBoard}), so the client's code is the same for both.
 */
public interface Transport extends AutoCloseable {

    /** Sends {@code bytes}. */
    void write(byte[] bytes);

    /**
     * Reads up to {@code buf.length} bytes, waiting at most {@code timeoutMillis} for the first; returns how many
     * were read, 0 when none arrived in time.
     */
    int read(byte[] buf, int timeoutMillis);

    @Override
    void close();
}
