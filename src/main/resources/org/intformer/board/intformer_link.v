// The device end of the serial protocol (docs/BOARD.md): parses request frames from the UART receiver, writes an
// INFER window into the accelerator's input buffer as it arrives, starts the accelerator when the frame's CRC and
// length are right, and sends the reply frame (FORECAST, STATUS or ERROR) through the UART transmitter. One
// request at a time: bytes that arrive while an inference runs or a reply is sent are dropped.
module intformer_link #(
    parameter IN_N = 1,             // window values
    parameter IN_BITS = 8,
    parameter IN_AW = 1,
    parameter OUT_N = 1,            // forecast values
    parameter OUT_BITS = 8,
    parameter OUT_AW = 1,
    parameter OUT_SIGNED = 1,
    parameter [31:0] MODEL_HASH = 32'h0,
    parameter TIMEOUT = 1000000     // clock cycles without a byte that end an incomplete frame
) (
    input  wire clk,
    input  wire rst,
    input  wire rx_valid,
    input  wire [7:0] rx_data,
    output reg  tx_go,
    output reg  [7:0] tx_data,
    input  wire tx_busy,
    output reg  core_start,
    input  wire core_done,
    output reg  in_we,
    output reg  [IN_AW-1:0] in_addr,
    output reg  [IN_BITS-1:0] in_data,
    output reg  [OUT_AW-1:0] out_addr,
    input  wire [OUT_BITS-1:0] out_data,
    output wire idle,               // waiting for a frame's magic byte, nothing being sent
    output reg  error_pulse         // one cycle: a frame was rejected
);
    localparam [7:0] MAGIC = 8'hA5;
    localparam [7:0] T_STATUS_REQUEST = 8'h01, T_INFER = 8'h02, T_STATUS = 8'h81, T_FORECAST = 8'h82, T_ERROR = 8'hEE;
    localparam [7:0] E_CRC = 8'd1, E_LENGTH = 8'd2, E_TYPE = 8'd3, E_TIMEOUT = 8'd4;
    localparam [15:0] IN_BYTES = 2 * IN_N;
    localparam [3:0] HUNT = 4'd0, TYPE = 4'd1, LEN0 = 4'd2, LEN1 = 4'd3, PAY = 4'd4, CRC0 = 4'd5, CRC1 = 4'd6,
                     RUN = 4'd7, REPLY = 4'd8, DECIDE = 4'd9;
    localparam TW = $clog2(TIMEOUT + 1);
    // counters sized to what they count: the window's bytes (a longer frame wraps, harmlessly: it is rejected by
    // its length and never starts the core), the longest reply's payload
    localparam PW = IN_AW + 2;
    localparam RW = $clog2((2 * OUT_N > 20 ? 2 * OUT_N : 20) + 1);

    function [15:0] crc16;          // CRC-16/CCITT-FALSE, one byte
        input [15:0] c;
        input [7:0] b;
        integer i;
        reg [15:0] x;
        begin
            x = c ^ {b, 8'h00};
            for (i = 0; i < 8; i = i + 1) x = x[15] ? ({x[14:0], 1'b0} ^ 16'h1021) : {x[14:0], 1'b0};
            crc16 = x;
        end
    endfunction

    reg [3:0] state;
    reg [7:0] ptype;
    reg [15:0] plen, pleft, crc;
    reg [PW-1:0] pidx;
    // the decision after the CRC is taken from registered flags, a cycle after the last byte (for timing)
    reg crc_ok, is_status, is_infer, len_zero, len_window, timeout_hit;
    reg [7:0] lo;                   // low byte of the value being received, or of the received CRC
    reg [TW-1:0] quiet;             // cycles since the last byte of an incomplete frame
    reg [31:0] cycles, last_cycles, inferences;
    reg [15:0] crc_errors, length_errors, type_errors, timeouts;

    // reply
    reg [7:0] rtype, rcode, rrej;
    reg [RW-1:0] rlen, ridx, rleft;
    reg [15:0] rcrc;
    wire [15:0] rlen16 = {{(16 - RW){1'b0}}, rlen};
    reg [2:0] rphase;               // 0 magic, 1 type, 2-3 length, 4 payload, 5-6 CRC
    reg [7:0] rnext;                // the next byte to send, registered
    reg rready;                     // rnext holds it
    reg [1:0] rwait;                // cycles until out_data follows ridx
    wire [159:0] status = {timeouts, type_errors, length_errors, crc_errors, inferences, last_cycles, MODEL_HASH};
    wire [15:0] value = {{(16 - OUT_BITS){OUT_SIGNED != 0 && out_data[OUT_BITS-1]}}, out_data};
    wire [7:0] pay_byte = rtype == T_STATUS ? status[{ridx[4:0], 3'b000} +: 8]
                        : rtype == T_FORECAST ? (ridx[0] ? value[15:8] : value[7:0])
                        : (ridx[0] ? rrej : rcode);
    wire [7:0] rbyte = rphase == 3'd0 ? MAGIC : rphase == 3'd1 ? rtype : rphase == 3'd2 ? rlen16[7:0]
                     : rphase == 3'd3 ? rlen16[15:8] : rphase == 3'd4 ? pay_byte : rphase == 3'd5 ? rcrc[7:0] : rcrc[15:8];
    wire in_frame = state != HUNT && state != RUN && state != REPLY && state != DECIDE;
    assign idle = state == HUNT && !tx_busy && !tx_go;

    task reply;
        input [7:0] t;
        input [15:0] len;
        begin
            state <= REPLY;
            rtype <= t;
            rlen <= len[RW-1:0];
            rleft <= len[RW-1:0];
            ridx <= 0;
            rphase <= 3'd0;
            rcrc <= 16'hFFFF;
            rready <= 1'b0;
            rwait <= 2'd3;
        end
    endtask

    task reject;
        input [7:0] code;
        input [7:0] t;
        begin
            reply(T_ERROR, 16'd2);
            rcode <= code;
            rrej <= t;
            error_pulse <= 1'b1;
            if (code == E_CRC) crc_errors <= crc_errors + 1'b1;
            if (code == E_LENGTH) length_errors <= length_errors + 1'b1;
            if (code == E_TYPE) type_errors <= type_errors + 1'b1;
            if (code == E_TIMEOUT) timeouts <= timeouts + 1'b1;
        end
    endtask

    always @(posedge clk) begin
        in_we <= 1'b0;
        core_start <= 1'b0;
        tx_go <= 1'b0;
        error_pulse <= 1'b0;
        out_addr <= ridx[OUT_AW:1];
        if (rst) begin
            state <= HUNT;
            quiet <= 0;
            last_cycles <= 32'd0;
            inferences <= 32'd0;
            crc_errors <= 16'd0;
            length_errors <= 16'd0;
            type_errors <= 16'd0;
            timeouts <= 16'd0;
            timeout_hit <= 1'b0;
        end else if (in_frame && !rx_valid && timeout_hit) begin
            reject(E_TIMEOUT, state == TYPE ? 8'd0 : ptype);
            quiet <= 0;
            timeout_hit <= 1'b0;
        end else begin
            quiet <= in_frame && !rx_valid ? quiet + 1'b1 : 0;
            timeout_hit <= in_frame && !rx_valid && quiet == TIMEOUT - 1;
            case (state)
            HUNT: if (rx_valid && rx_data == MAGIC) begin
                state <= TYPE;
                crc <= 16'hFFFF;
            end
            TYPE: if (rx_valid) begin
                ptype <= rx_data;
                crc <= crc16(crc, rx_data);
                state <= LEN0;
            end
            LEN0: if (rx_valid) begin
                plen[7:0] <= rx_data;
                crc <= crc16(crc, rx_data);
                state <= LEN1;
            end
            LEN1: if (rx_valid) begin
                plen[15:8] <= rx_data;
                crc <= crc16(crc, rx_data);
                pidx <= 0;
                pleft <= {rx_data, plen[7:0]};
                state <= {rx_data, plen[7:0]} == 16'd0 ? CRC0 : PAY;
            end
            PAY: if (rx_valid) begin
                crc <= crc16(crc, rx_data);
                if (!pidx[0]) begin
                    lo <= rx_data;
                end else if (ptype == T_INFER && pidx[PW-1:1] < IN_N) begin
                    in_we <= 1'b1;
                    in_addr <= pidx[IN_AW:1];
                    in_data <= {rx_data, lo};
                end
                pidx <= pidx + 1'b1;
                pleft <= pleft - 1'b1;
                if (pleft == 16'd1) state <= CRC0;
            end
            CRC0: if (rx_valid) begin
                lo <= rx_data;
                state <= CRC1;
                is_status <= ptype == T_STATUS_REQUEST;
                is_infer <= ptype == T_INFER;
                len_zero <= plen == 16'd0;
                len_window <= plen == IN_BYTES;
            end
            CRC1: if (rx_valid) begin
                crc_ok <= {rx_data, lo} == crc;
                state <= DECIDE;
            end
            DECIDE: begin
                if (!crc_ok) reject(E_CRC, ptype);
                else if (is_status) begin
                    if (len_zero) reply(T_STATUS, 16'd20);
                    else reject(E_LENGTH, ptype);
                end else if (is_infer) begin
                    if (len_window) begin
                        state <= RUN;
                        core_start <= 1'b1;
                        cycles <= 32'd0;
                    end else reject(E_LENGTH, ptype);
                end else reject(E_TYPE, ptype);
            end
            RUN: if (core_done) begin
                last_cycles <= cycles;      // Design.cycles(): as the core's testbench counts them
                inferences <= inferences + 1'b1;
                reply(T_FORECAST, 2 * OUT_N);
            end else begin
                cycles <= cycles + 1'b1;
            end
            REPLY: if (!rready) begin
                if (rwait != 2'd0) rwait <= rwait - 1'b1;
                else begin
                    rnext <= rbyte;
                    rready <= 1'b1;
                end
            end else if (!tx_busy && !tx_go) begin
                tx_go <= 1'b1;
                tx_data <= rnext;
                rready <= 1'b0;
                rwait <= 2'd3;
                if (rphase >= 3'd1 && rphase <= 3'd4) rcrc <= crc16(rcrc, rnext);
                if (rphase == 3'd4) begin
                    ridx <= ridx + 1'b1;
                    rleft <= rleft - 1'b1;
                end
                if (rphase == 3'd6) state <= HUNT;
                rphase <= rphase == 3'd3 && rlen == 0 ? 3'd5
                        : rphase == 3'd4 && rleft != 1 ? 3'd4 : rphase + 1'b1;
            end
            default: state <= HUNT;
            endcase
        end
    end
endmodule
