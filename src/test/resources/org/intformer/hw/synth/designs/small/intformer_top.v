// Small representative accelerator: 4 MAC lanes (8x8 signed), weight ROM from $readmemh,
// activation RAM (inferred block RAM), output RAM, control FSM.
module intformer_top #(parameter LANES = 4, parameter N = 64) (
  input  wire        clk,
  input  wire        rst,
  input  wire        start,
  output reg         busy,
  output reg         done,
  input  wire        in_we,
  input  wire [9:0]  in_addr,
  input  wire [31:0] in_data,
  input  wire [5:0]  out_addr,
  output wire [31:0] out_data
);
  // activation buffer: 1024 x 32 bits = 32 Kb -> block RAM
  reg [31:0] act [0:1023];
  reg [31:0] act_q;
  reg [9:0]  act_addr;
  always @(posedge clk) begin
    if (in_we) act[in_addr] <= in_data;
    act_q <= act[act_addr];
  end
  // weight ROM, 1024 x 32 bits, one byte per lane
  wire [31:0] w_q;
  weight_rom u_rom (.clk(clk), .addr(act_addr), .q(w_q));
  // MAC lanes
  reg signed [31:0] acc [0:LANES-1];
  reg [2:0] state;
  localparam IDLE = 3'd0, RUN = 3'd1, DRAIN = 3'd2, WRITE = 3'd3, FIN = 3'd4;
  reg [5:0] wr_idx;
  reg [31:0] res [0:63];
  reg [31:0] out_q;
  integer i;
  always @(posedge clk) begin
    if (rst) begin
      state <= IDLE; busy <= 1'b0; done <= 1'b0; act_addr <= 10'd0; wr_idx <= 6'd0;
      for (i = 0; i < LANES; i = i + 1) acc[i] <= 32'sd0;
    end else begin
      case (state)
        IDLE: begin
          done <= 1'b0;
          if (start) begin state <= RUN; busy <= 1'b1; act_addr <= 10'd0;
            for (i = 0; i < LANES; i = i + 1) acc[i] <= 32'sd0; end
        end
        RUN: begin
          for (i = 0; i < LANES; i = i + 1)
            acc[i] <= acc[i] + $signed(act_q[8*i +: 8]) * $signed(w_q[8*i +: 8]);
          act_addr <= act_addr + 10'd1;
          if (act_addr == 10'd1023) state <= DRAIN;
        end
        DRAIN: state <= WRITE;
        WRITE: begin
          res[wr_idx] <= acc[wr_idx[1:0]] ^ {26'd0, wr_idx};
          wr_idx <= wr_idx + 6'd1;
          if (wr_idx == 6'd63) state <= FIN;
        end
        FIN: begin busy <= 1'b0; done <= 1'b1; state <= IDLE; end
        default: state <= IDLE;
      endcase
    end
  end
  always @(posedge clk) out_q <= res[out_addr];
  assign out_data = out_q;
endmodule
