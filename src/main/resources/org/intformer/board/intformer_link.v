// The device end of the serial protocol (docs/BOARD.md): parses request frames from the UART receiver, writes an
// INFER window into the accelerator's input buffer as it arrives, starts the accelerator when the frame's CRC and
// length are right, and sends the reply frame (FORECAST, STATUS or ERROR) through the UART transmitter. One
// request at a time: bytes that arrive while an inference runs or a reply is sent are dropped.
// Weights in SPRAM (W_DEPTH > 0): LOAD frames write the weight words into the core's weight memory as they arrive
// (the core is idle: one request at a time), in order from word 0; the CRC-16 over all the words' bytes must equal
// W_CRC when the last word is in, and until then an INFER is refused (NO_WEIGHTS).
// Weights from the flash (FLASH = 1): after reset the link takes the flash reader's bytes (fl_valid/fl_data) as the
// words from word 0, through the same word assembly, write port and CRC as a LOAD frame, and answers no frame until
// the reader's fl_done; a wrong image leaves the weights unloaded and an INFER is refused with WRONG_WEIGHTS until a
// LOAD (which always works, and overrides) brings the right ones.
module intformer_link #(
    parameter IN_N = 1,             // window values
    parameter IN_BITS = 8,
    parameter IN_AW = 1,
    parameter OUT_N = 1,            // forecast values
    parameter OUT_BITS = 8,
    parameter OUT_AW = 1,
    parameter OUT_SIGNED = 1,
    parameter [31:0] MODEL_HASH = 32'h0,
    parameter TIMEOUT = 1000000,    // clock cycles without a byte that end an incomplete frame
    parameter LANES = 1,            // MAC lanes (reported in the status: the host lays the weight words out by it)
    parameter W_DEPTH = 0,          // weight words to load (0: the weights are ROMs in the bitstream, nothing to load)
    parameter W_AW = 1,
    parameter W_BITS = 8,           // bits per weight word
    parameter W_BYTES = 1,          // bytes per weight word on the link: 1, 2, 4 or 8
    parameter [15:0] W_CRC = 16'h0, // CRC-16/CCITT-FALSE of all weight words' bytes, in order
    parameter FLASH = 0             // 1: the weights are read from the configuration flash after reset
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
    output reg  w_we,               // weight word w_data to address w_addr (LOAD frames)
    output reg  [W_AW-1:0] w_addr,
    output reg  [W_BITS-1:0] w_data,
    output wire idle,               // waiting for a frame's magic byte, nothing being sent
    output reg  error_pulse,        // one cycle: a frame was rejected
    input  wire fl_valid,           // a weight byte from the flash reader
    input  wire [7:0] fl_data,
    input  wire fl_done             // the flash reader's last byte is in
);
    localparam [7:0] MAGIC = 8'hA5;
    localparam [7:0] T_STATUS_REQUEST = 8'h01, T_INFER = 8'h02, T_LOAD = 8'h03, T_STATUS = 8'h81, T_FORECAST = 8'h82,
                     T_ERROR = 8'hEE;
    localparam [7:0] E_CRC = 8'd1, E_LENGTH = 8'd2, E_TYPE = 8'd3, E_TIMEOUT = 8'd4, E_LOAD = 8'd5, E_NO_WEIGHTS = 8'd6,
                     E_WEIGHTS = 8'd7;
    localparam [15:0] STATUS_BYTES = 16'd28;
    localparam WSH = W_BYTES == 1 ? 0 : W_BYTES == 2 ? 1 : W_BYTES == 4 ? 2 : 3;
    localparam [15:0] IN_BYTES = 2 * IN_N;
    localparam [3:0] HUNT = 4'd0, TYPE = 4'd1, LEN0 = 4'd2, LEN1 = 4'd3, PAY = 4'd4, CRC0 = 4'd5, CRC1 = 4'd6,
                     RUN = 4'd7, REPLY = 4'd8, DECIDE = 4'd9,
                     FLASH_LOAD = 4'd10;
    localparam TW = $clog2(TIMEOUT + 1);
    // counters sized to what they count: the window's bytes (a longer frame wraps, harmlessly: it is rejected by
    // its length and never starts the core), the longest reply's payload
    localparam PW = IN_AW + 2;
    localparam RW = $clog2((2 * OUT_N > 28 ? 2 * OUT_N : 28) + 1);

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

    // weight loading: committed state (next word expected, CRC of the words before it, loaded and verified) and the
    // current frame's (first word, whether it writes, write pointer, running CRC, the word being assembled)
    reg [16:0] wnext, wptr;
    reg [15:0] wfirst, wcrc, wrun, load_errors;
    reg [1:0] woff;                 // offset bytes received of the current LOAD frame
    reg [3:0] wbyte;
    reg [8*W_BYTES-1:0] wword;
    reg wok, wover, loaded, is_load, len_load;
    reg from_flash, flash_wrong;    // the loaded weights came from the flash; the flash's image had the wrong CRC
    wire [15:0] wfirst_now = {rx_data, wfirst[7:0]};
    wire [7:0] flags = {4'd0, flash_wrong, from_flash, loaded, W_DEPTH != 0};
    wire [15:0] wdepth16 = W_DEPTH;
    wire [7:0] lanes8 = LANES;

    // reply
    reg [7:0] rtype, rcode, rrej;
    reg [RW-1:0] rlen, ridx, rleft;
    reg [15:0] rcrc;
    wire [15:0] rlen16 = {{(16 - RW){1'b0}}, rlen};
    reg [2:0] rphase;               // 0 magic, 1 type, 2-3 length, 4 payload, 5-6 CRC
    reg [7:0] rnext;                // the next byte to send, registered
    reg rready;                     // rnext holds it
    reg [1:0] rwait;                // cycles until out_data follows ridx
    wire [223:0] status = {load_errors, flags, lanes8, wnext[15:0], wdepth16, timeouts, type_errors, length_errors, crc_errors,
                           inferences, last_cycles, MODEL_HASH};
    wire [15:0] value = {{(16 - OUT_BITS){OUT_SIGNED != 0 && out_data[OUT_BITS-1]}}, out_data};
    wire [7:0] pay_byte = rtype == T_STATUS ? status[{ridx[4:0], 3'b000} +: 8]
                        : rtype == T_FORECAST ? (ridx[0] ? value[15:8] : value[7:0])
                        : (ridx[0] ? rrej : rcode);
    wire [7:0] rbyte = rphase == 3'd0 ? MAGIC : rphase == 3'd1 ? rtype : rphase == 3'd2 ? rlen16[7:0]
                     : rphase == 3'd3 ? rlen16[15:8] : rphase == 3'd4 ? pay_byte : rphase == 3'd5 ? rcrc[7:0] : rcrc[15:8];
    wire in_frame = state != HUNT && state != RUN && state != REPLY && state != DECIDE && state != FLASH_LOAD;
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

    // one byte of the weight words (a LOAD frame's or the flash's): assembled low byte first, written when whole
    task weight_byte;
        input [7:0] b;
        reg [8*W_BYTES+7:0] wshift; // the word with this byte as its top
        begin
            wshift = {b, wword};
            wrun <= crc16(wrun, b);
            wword <= wshift[8*W_BYTES+7:8];
            if (wbyte == W_BYTES - 1) begin
                wbyte <= 4'd0;
                if (wptr == W_DEPTH) wover <= 1'b1;
                else begin
                    w_we <= 1'b1;
                    w_addr <= wptr[W_AW-1:0];
                    w_data <= wshift[W_BITS+7:8];
                    wptr <= wptr + 1'b1;
                    loaded <= 1'b0;
                    from_flash <= 1'b0;
                end
            end else wbyte <= wbyte + 1'b1;
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
            if (code == E_LOAD || code == E_NO_WEIGHTS || code == E_WEIGHTS) load_errors <= load_errors + 1'b1;
        end
    endtask

    always @(posedge clk) begin
        in_we <= 1'b0;
        core_start <= 1'b0;
        tx_go <= 1'b0;
        error_pulse <= 1'b0;
        out_addr <= ridx[OUT_AW:1];
        w_we <= 1'b0;
        if (rst) begin
            wnext <= 17'd0;
            wcrc <= 16'hFFFF;
            loaded <= 1'b0;
            wok <= 1'b0;
            load_errors <= 16'd0;
            from_flash <= 1'b0;
            flash_wrong <= 1'b0;
            wptr <= 17'd0;
            wrun <= 16'hFFFF;
            wbyte <= 4'd0;
            wover <= 1'b0;
            state <= FLASH != 0 && W_DEPTH != 0 ? FLASH_LOAD : HUNT;
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
            if (wok) wnext <= {1'b0, wfirst};   // words from the frame's first on may be half written
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
                woff <= 2'd0;
                wok <= 1'b0;
                len_load <= {rx_data, plen[7:0]} > 16'd2 && (({rx_data, plen[7:0]} - 16'd2) & (W_BYTES - 1)) == 0;
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
                if (W_DEPTH != 0 && ptype == T_LOAD) begin
                    if (woff == 2'd0) begin
                        wfirst[7:0] <= rx_data;
                        woff <= 2'd1;
                    end else if (woff == 2'd1) begin
                        // the frame writes when its length is whole words and it starts at word 0 or where the last
                        // load stopped (a frame that runs past the last word is refused when it ends: wover)
                        wfirst[15:8] <= rx_data;
                        woff <= 2'd2;
                        wok <= len_load && (wfirst_now == 16'd0 || {1'b0, wfirst_now} == wnext);
                        wover <= 1'b0;
                        wptr <= {1'b0, wfirst_now};
                        wrun <= wfirst_now == 16'd0 ? 16'hFFFF : wcrc;
                        wbyte <= 4'd0;
                    end else if (wok) weight_byte(rx_data);
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
                is_load <= W_DEPTH != 0 && ptype == T_LOAD;
                len_zero <= plen == 16'd0;
                len_window <= plen == IN_BYTES;
            end
            CRC1: if (rx_valid) begin
                crc_ok <= {rx_data, lo} == crc;
                state <= DECIDE;
            end
            DECIDE: begin
                if (!crc_ok) begin
                    reject(E_CRC, ptype);
                    if (wok) wnext <= {1'b0, wfirst};
                end
                else if (is_status) begin
                    if (len_zero) reply(T_STATUS, STATUS_BYTES);
                    else reject(E_LENGTH, ptype);
                end else if (is_infer) begin
                    if (!len_window) reject(E_LENGTH, ptype);
                    else if (W_DEPTH != 0 && !loaded) reject(flash_wrong ? E_WEIGHTS : E_NO_WEIGHTS, ptype);
                    else begin
                        state <= RUN;
                        core_start <= 1'b1;
                        cycles <= 32'd0;
                    end
                end else if (is_load) begin
                    if (!len_load) reject(E_LENGTH, ptype);
                    else if (!wok) reject(E_LOAD, ptype);
                    else if (wover) begin
                        reject(E_LOAD, ptype);
                        wnext <= {1'b0, wfirst};    // its words up to the last were written
                    end else if (wptr == W_DEPTH && wrun != W_CRC) begin
                        // every word is in and they are not the model's: start again from word 0
                        reject(E_WEIGHTS, ptype);
                        wnext <= 17'd0;
                    end else begin
                        wnext <= wptr;
                        wcrc <= wrun;
                        loaded <= wptr == W_DEPTH;
                        if (wptr == W_DEPTH) flash_wrong <= 1'b0;
                        reply(T_STATUS, STATUS_BYTES);
                    end
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
            FLASH_LOAD: if (fl_done) begin
                // every word is in (or the image ran short): the model's weights, or refused like a wrong LOAD
                state <= HUNT;
                if (wptr == W_DEPTH && !wover && wrun == W_CRC) begin
                    wnext <= wptr;
                    wcrc <= wrun;
                    loaded <= 1'b1;
                    from_flash <= 1'b1;
                end else begin
                    wnext <= 17'd0;
                    flash_wrong <= 1'b1;
                    load_errors <= load_errors + 1'b1;
                end
            end else if (fl_valid) weight_byte(fl_data);
            default: state <= HUNT;
            endcase
        end
    end
endmodule
