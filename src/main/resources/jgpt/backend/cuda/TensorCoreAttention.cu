// Causal attention on the tensor cores for head size 64, flash-attention style (jgpt.backend.cuda.TensorCoreAttention):
// a block of 4 warps takes a tile of 64 query rows (forward, dq) or 64 key rows (dk, dv), each warp 16 of them,
// and walks the other side's tiles of 64 through shared memory, where all 4 warps share them. Products are
// mma.sync m16n8k16 with bf16 inputs and float accumulators; scores, probabilities and gradients stay in
// registers (a C fragment of one product is re-packed as the A fragment of the next). Tiles are stored once,
// row-major; ldmatrix reads B fragments from them, plainly or (.trans) transposed as a product needs. The shared
// tiles are double-buffered, so one barrier per tile suffices and the next tile's loads need not wait for the other
// warps; the forward and flash_backward_key issue those loads before a product and convert and store them after it,
// so that they overlap its math. Only the tile on the diagonal (and the one holding the sequence end) is masked;
// the others lie wholly inside the causal triangle. Inputs and outputs (q, k, v, out, dout, dq, dk, dv) are heads
// of 64, float32 (flash_*) or bf16 (flash_*_bf16), placed as head_row (common.cuh) says: dense (G, T, 64), or the
// packed (B, T, 3C) projection of causal self-attention (q, k, v and their gradients rows inStride apart, out and
// dout rows outStride apart). lse (G, T) is float32, the natural-log log-sum-exp of each row's scaled scores, as
// the other kernel's. Dropout on the weights (p > 0) multiplies weight (g, query i, key j) by common.cuh's
// dropout_factor at index (g T + i) T + j, recomputed wherever a kernel needs it (see WeightDropout). float32
// tiles pass through registers and are rounded to bf16 on the way to shared memory; bf16 tiles are copied there as
// they are by cp.async, which holds no registers, so flash_backward_query_bf16 fetches its next tiles ahead too. The bf16 kernels need 16-byte aligned rows (strides multiples of 8).
//
// Fragment layouts (lane = 4 g + c): A 16x16: a0 = A[g][2c..2c+1], a1 = A[g+8][2c..], a2 = A[g][2c+8..], a3 = A[g+8][2c+8..];
// B 16x8 (k x n): b0 = B[2c..2c+1][g], b1 = B[2c+8..2c+9][g]; C 16x8: c0,c1 = C[g][2c..2c+1], c2,c3 = C[g+8][2c..2c+1].
#include "common.cuh"

#define D 64
#define TILE 64
#define THREADS 128
#define LDS (TILE + 8)  // shared row stride in bf16: rows 36 words apart, so a fragment's 8 rows hit distinct banks
#define SHARE (TILE * D / 4 / THREADS)   // float4s of a float32 tile that each thread moves
#define PIECES (TILE * D / 8 / THREADS)  // 16-byte pieces (8 bf16) of a bf16 tile that each thread copies
#define LOG2E 1.4426950408889634f
#define LN2 0.6931471805599453f

typedef unsigned short bf16;

// c (16x8) += a (16x16) b (16x8)
__device__ __forceinline__ void mma16816(float* c, const unsigned* a, unsigned b0, unsigned b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// x[row][col..col+1] of a (rows, 64) float matrix with rows stride apart as a bf16 pair; 0 past the last row
__device__ __forceinline__ unsigned global_pair(const float* x, int row, int col, int rows, int stride) {
    if (row >= rows) return 0u;
    float2 f = *reinterpret_cast<const float2*>(x + (long long) row * stride + col);
    return bf16x2_bits(f.x, f.y);
}

__device__ __forceinline__ unsigned global_pair(const bf16* x, int row, int col, int rows, int stride) {
    return row < rows ? *reinterpret_cast<const unsigned*>(x + (long long) row * stride + col) : 0u;
}

// x[at], x[at + 1] = lo, hi (rounded to nearest even where x is bf16)
__device__ __forceinline__ void store_pair(float* x, long long at, float lo, float hi) {
    *reinterpret_cast<float2*>(x + at) = make_float2(lo, hi);
}

__device__ __forceinline__ void store_pair(bf16* x, long long at, float lo, float hi) {
    *reinterpret_cast<unsigned*>(x + at) = bf16x2_bits(lo, hi);
}

// A fragments of rows r0..r0+15 of x (rows stride apart) over the 4 k-blocks of 16 columns
template <typename T>
__device__ __forceinline__ void load_row_fragments(const T* x, int r0, int rows, int stride, unsigned frag[4][4]) {
    int g = (threadIdx.x & 31) >> 2, c = threadIdx.x & 3;
#pragma unroll
    for (int kb = 0; kb < 4; kb++) {
        frag[kb][0] = global_pair(x, r0 + g, kb * 16 + 2 * c, rows, stride);
        frag[kb][1] = global_pair(x, r0 + g + 8, kb * 16 + 2 * c, rows, stride);
        frag[kb][2] = global_pair(x, r0 + g, kb * 16 + 8 + 2 * c, rows, stride);
        frag[kb][3] = global_pair(x, r0 + g + 8, kb * 16 + 8 + 2 * c, rows, stride);
    }
}

// this thread's share of rows r0..r0+63 of x (rows, 64), rows stride apart: f[j] = row threadIdx / 16 + 8 j,
// columns 4 (threadIdx % 16)..+3 (a half-warp reads one 256-byte row); zeros past the end
__device__ __forceinline__ void fetch_tile(const float* x, int r0, int rows, int stride, float4 f[SHARE]) {
    int col = (threadIdx.x % (D / 4)) * 4;
#pragma unroll
    for (int j = 0; j < SHARE; j++) {
        int r = r0 + threadIdx.x / (D / 4) + j * (THREADS / (D / 4));
        f[j] = r < rows ? *reinterpret_cast<const float4*>(x + (long long) r * stride + col) : make_float4(0.f, 0.f, 0.f, 0.f);
    }
}

// a share from fetch_tile -> bf16 tile [row][col]
__device__ __forceinline__ void store_tile(const float4 f[SHARE], bf16* tile) {
    int col = (threadIdx.x % (D / 4)) * 4;
#pragma unroll
    for (int j = 0; j < SHARE; j++) {
        int r = threadIdx.x / (D / 4) + j * (THREADS / (D / 4));
        *reinterpret_cast<uint2*>(tile + r * LDS + col) = make_uint2(bf16x2_bits(f[j].x, f[j].y), bf16x2_bits(f[j].z, f[j].w));
    }
}

// cp.async of rows r0..r0+63 of bf16 x (rows, 64), rows stride apart, into tile [row][col]: this thread's pieces are
// rows threadIdx / 8 + 16 j, columns 8 (threadIdx % 8)..+7 (8 threads copy one 128-byte row); past the end a source
// size of 0 writes zeros (and the address of row 0 stands in, though nothing is read)
__device__ __forceinline__ void copy_tile_async(const bf16* x, int r0, int rows, int stride, bf16* tile) {
    int col = (threadIdx.x % (D / 8)) * 8;
#pragma unroll
    for (int j = 0; j < PIECES; j++) {
        int r = threadIdx.x / (D / 8) + j * (THREADS / (D / 8));
        bool inside = r0 + r < rows;
        const bf16* src = x + (long long) (inside ? r0 + r : 0) * stride + col;
        unsigned dst = (unsigned) __cvta_generic_to_shared(tile + r * LDS + col);
        asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" :: "r"(dst), "l"(src), "r"(inside ? 16 : 0) : "memory");
    }
}

// Moves rows r0..r0+63 of x (rows, 64), rows stride apart, into a shared bf16 tile [row][col], zeros past the end,
// in steps placed around a product to overlap it: begin(), end(), and landed() before the barrier that hands the tile
// to the other warps. float32 rows wait in registers from begin (global loads) to end (rounded, stored); bf16 rows
// go by cp.async from begin and have arrived after landed().
template <typename T> struct TileStage;

template <> struct TileStage<float> {
    float4 f[SHARE];
    __device__ __forceinline__ void begin(const float* x, int r0, int rows, int stride, bf16*) { fetch_tile(x, r0, rows, stride, f); }
    __device__ __forceinline__ void end(bf16* tile) { store_tile(f, tile); }
    static __device__ __forceinline__ void landed() {}
};

template <> struct TileStage<bf16> {
    __device__ __forceinline__ void begin(const bf16* x, int r0, int rows, int stride, bf16* tile) { copy_tile_async(x, r0, rows, stride, tile); }
    __device__ __forceinline__ void end(bf16*) {}
    static __device__ __forceinline__ void landed() { asm volatile("cp.async.wait_all;" ::: "memory"); }
};

// rows r0..r0+63 of x (rows, 64), rows stride apart -> bf16 tile [row][col], complete after TileStage<T>::landed()
template <typename T>
__device__ __forceinline__ void load_tile(const T* x, int r0, int rows, int stride, bf16* tile) {
    TileStage<T> stage;
    stage.begin(x, r0, rows, stride, tile);
    stage.end(tile);
}

// B fragments (b0, b1) of n-tiles nt and nt + 1 over k-block kb, from a tile stored [k][n]: the four 8x8
// blocks (k 0-7 | 8-15) x (n-tile nt | nt + 1) read transposed, lanes 8j..8j+7 addressing block j's rows
__device__ __forceinline__ void transposed_pairs(const bf16* tile, int kb, int nt, unsigned b[4]) {
    int lane = threadIdx.x & 31;
    const bf16* row = tile + (kb * 16 + (lane & 7) + ((lane >> 3) & 1) * 8) * LDS + (nt + (lane >> 4)) * 8;
    unsigned address = (unsigned) __cvta_generic_to_shared(row);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(b[0]), "=r"(b[1]), "=r"(b[2]), "=r"(b[3]) : "r"(address));
}

// B fragments (b0, b1) of n-tile nt over k-blocks kb and kb + 1, from a tile stored [n][k]: the four 8x8 blocks
// (n-tile nt) x (k kb*16 + 0-7 | 8-15 | 16-23 | 24-31) read plainly, lanes 8j..8j+7 addressing block j's rows;
// lane 4g + c receives row g, columns 2c..2c+1 of each block, which is b0 / b1's B[2c..2c+1][g]
__device__ __forceinline__ void plain_pairs(const bf16* tile, int nt, int kb, unsigned b[4]) {
    int lane = threadIdx.x & 31;
    const bf16* row = tile + (nt * 8 + (lane & 7)) * LDS + kb * 16 + (lane >> 3) * 8;
    unsigned address = (unsigned) __cvta_generic_to_shared(row);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(b[0]), "=r"(b[1]), "=r"(b[2]), "=r"(b[3]) : "r"(address));
}

// acc (16 x 64, 8 n-tiles) = a (16 x 64, 4 k-blocks) b^T, where b's tile holds the 64 n-rows plainly [n][k]
__device__ __forceinline__ void product_nt(const unsigned a[4][4], const bf16* b, float acc[8][4]) {
#pragma unroll
    for (int nt = 0; nt < 8; nt++) {
        acc[nt][0] = acc[nt][1] = acc[nt][2] = acc[nt][3] = 0.f;
#pragma unroll
        for (int kb = 0; kb < 4; kb += 2) {
            unsigned f[4];
            plain_pairs(b, nt, kb, f);
            mma16816(acc[nt], a[kb], f[0], f[1]);
            mma16816(acc[nt], a[kb + 1], f[2], f[3]);
        }
    }
}

// scores s with C rows rowA, rowB (g, g + 8) and C columns col0..col0+63, of query rows against key columns
// (rowsAreQueries) or of key rows against query columns: -inf where the key follows the query or the column lies
// past the sequence end t
__device__ __forceinline__ void mask_scores(float s[8][4], int col0, int rowA, int rowB, int t, bool rowsAreQueries) {
    int c = threadIdx.x & 3;
#pragma unroll
    for (int nt = 0; nt < 8; nt++) {
#pragma unroll
        for (int e = 0; e < 4; e++) {
            int col = col0 + nt * 8 + 2 * c + (e & 1), row = e < 2 ? rowA : rowB;
            if ((rowsAreQueries ? col > row : col < row) || col >= t) s[nt][e] = NEG_INF;
        }
    }
}

// acc (16 x 64) += p (16 x 64, as C fragments of 8 n-tiles) b, where b's tile is stored plainly [k][n]
__device__ __forceinline__ void accumulate_product(const float p[8][4], const bf16* b, float acc[8][4]) {
#pragma unroll
    for (int kb = 0; kb < 4; kb++) {
        unsigned a[4] = {bf16x2_bits(p[2 * kb][0], p[2 * kb][1]), bf16x2_bits(p[2 * kb][2], p[2 * kb][3]),
                         bf16x2_bits(p[2 * kb + 1][0], p[2 * kb + 1][1]), bf16x2_bits(p[2 * kb + 1][2], p[2 * kb + 1][3])};
#pragma unroll
        for (int nt = 0; nt < 8; nt += 2) {
            unsigned f[4];
            transposed_pairs(b, kb, nt, f);
            mma16816(acc[nt], a, f[0], f[1]);
            mma16816(acc[nt + 1], a, f[2], f[3]);
        }
    }
}

__device__ __forceinline__ float quad_max(float v) {
    v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, 1));
    return fmaxf(v, __shfl_xor_sync(0xffffffffu, v, 2));
}

__device__ __forceinline__ float quad_sum(float v) {
    v += __shfl_xor_sync(0xffffffffu, v, 1);
    return v + __shfl_xor_sync(0xffffffffu, v, 2);
}

// Dropout on the attention weights of head g: weight (query i, key j) is multiplied by dropout_factor at index
// (g T + i) T + j, as Functional.dropout would multiply it in the (G, T, T) weights; p = 0: none.
struct WeightDropout {
    float p, keep;
    unsigned long long seed;

    __device__ __forceinline__ bool on() const { return p > 0.f; }

    // the factor of weight (query, key) of the head whose weights start at index head0
    __device__ __forceinline__ float factor(long long head0, int t, int query, int key) const {
        return dropout_factor(seed, head0 + (long long) query * t + key, p, keep);
    }

    // x (C fragments of query rows rowA, rowB and key columns col0..col0+63) *= each weight's factor
    __device__ __forceinline__ void apply(float x[8][4], long long head0, int t, int col0, int rowA, int rowB) const {
        int c = threadIdx.x & 3;
#pragma unroll
        for (int nt = 0; nt < 8; nt++) {
#pragma unroll
            for (int e = 0; e < 4; e++) x[nt][e] *= factor(head0, t, e < 2 ? rowA : rowB, col0 + nt * 8 + 2 * c + (e & 1));
        }
    }
};

// q, k, v (G, T, 64) -> out (G, T, 64), lse (G, T). Grid (query tiles, G), heaviest tiles first.
template <typename T>
__device__ __forceinline__ void forward(const T* q, const T* k, const T* v, int t, int heads, int inStride, int outStride,
        float scale, WeightDropout drop, T* out, float* lse) {
    __shared__ __align__(16) bf16 ks[2][TILE * LDS];   // [key][dim], key tile kt in ks[kt & 1]
    __shared__ __align__(16) bf16 vs[2][TILE * LDS];   // [key][dim]
    int tiles = (t + TILE - 1) / TILE, qTile = tiles - 1 - blockIdx.x;
    long long head = head_row(blockIdx.y, 0, t, heads, D, inStride), outHead = head_row(blockIdx.y, 0, t, heads, D, outStride);
    int warp = threadIdx.x >> 5, g = (threadIdx.x & 31) >> 2, c = threadIdx.x & 3;
    int r0 = qTile * TILE + warp * 16, rowA = r0 + g, rowB = r0 + g + 8;
    float scale2 = scale * LOG2E;
    unsigned qf[4][4];
    load_row_fragments(q + head, r0, t, inStride, qf);
    load_tile(k + head, 0, t, inStride, ks[0]);
    load_tile(v + head, 0, t, inStride, vs[0]);
    float o[8][4], s[8][4];
    TileStage<T> next;
#pragma unroll
    for (int nt = 0; nt < 8; nt++) o[nt][0] = o[nt][1] = o[nt][2] = o[nt][3] = 0.f;
    float mA = NEG_INF, mB = NEG_INF, lA = 0.f, lB = 0.f;
    for (int kt = 0; kt <= qTile; kt++) {
        int cur = kt & 1;
        bool more = kt < qTile;
        TileStage<T>::landed();
        __syncthreads();  // tile kt is stored, and every warp is done with tile kt - 1, whose buffers take tile kt + 1
        if (more) next.begin(k + head, (kt + 1) * TILE, t, inStride, ks[cur ^ 1]);
        product_nt(qf, ks[cur], s);
        if (kt == qTile) mask_scores(s, kt * TILE, rowA, rowB, t, true);
        float maxA = NEG_INF, maxB = NEG_INF;
#pragma unroll
        for (int nt = 0; nt < 8; nt++) {
#pragma unroll
            for (int e = 0; e < 4; e++) s[nt][e] *= scale2;
            maxA = fmaxf(maxA, fmaxf(s[nt][0], s[nt][1]));
            maxB = fmaxf(maxB, fmaxf(s[nt][2], s[nt][3]));
        }
        float newA = fmaxf(mA, quad_max(maxA)), newB = fmaxf(mB, quad_max(maxB));
        float corrA = exp2f(mA - newA), corrB = exp2f(mB - newB);
        mA = newA;
        mB = newB;
        lA *= corrA;
        lB *= corrB;
#pragma unroll
        for (int nt = 0; nt < 8; nt++) {
            s[nt][0] = exp2f(s[nt][0] - mA);
            s[nt][1] = exp2f(s[nt][1] - mA);
            s[nt][2] = exp2f(s[nt][2] - mB);
            s[nt][3] = exp2f(s[nt][3] - mB);
            lA += s[nt][0] + s[nt][1];
            lB += s[nt][2] + s[nt][3];
            o[nt][0] *= corrA;
            o[nt][1] *= corrA;
            o[nt][2] *= corrB;
            o[nt][3] *= corrB;
        }
        if (drop.on()) drop.apply(s, (long long) blockIdx.y * t * t, t, kt * TILE, rowA, rowB);  // after l, which is undropped
        if (more) {
            next.end(ks[cur ^ 1]);
            next.begin(v + head, (kt + 1) * TILE, t, inStride, vs[cur ^ 1]);
        }
        accumulate_product(s, vs[cur], o);
        if (more) next.end(vs[cur ^ 1]);
    }
    lA = quad_sum(lA);
    lB = quad_sum(lB);
#pragma unroll
    for (int nt = 0; nt < 8; nt++) {
        int col = nt * 8 + 2 * c;
        if (rowA < t) store_pair(out, outHead + (long long) rowA * outStride + col, o[nt][0] / lA, o[nt][1] / lA);
        if (rowB < t) store_pair(out, outHead + (long long) rowB * outStride + col, o[nt][2] / lB, o[nt][3] / lB);
    }
    if (c == 0) {
        long long row0 = (long long) blockIdx.y * t;
        if (rowA < t) lse[row0 + rowA] = (mA + log2f(lA)) * LN2;
        if (rowB < t) lse[row0 + rowB] = (mB + log2f(lB)) * LN2;
    }
}

extern "C" __global__ void __launch_bounds__(THREADS) flash_forward(const float* q, const float* k, const float* v, int t,
        int heads, int inStride, int outStride, float scale, float dropP, float keep, unsigned long long seed, float* out, float* lse) {
    forward(q, k, v, t, heads, inStride, outStride, scale, WeightDropout{dropP, keep, seed}, out, lse);
}

extern "C" __global__ void __launch_bounds__(THREADS) flash_forward_bf16(const bf16* q, const bf16* k, const bf16* v, int t,
        int heads, int inStride, int outStride, float scale, float dropP, float keep, unsigned long long seed, bf16* out, float* lse) {
    forward(q, k, v, t, heads, inStride, outStride, scale, WeightDropout{dropP, keep, seed}, out, lse);
}

// sum over 16 elements of a[i] * b[i]
__device__ __forceinline__ float dot16(const float* a, const float* b) {
    float s = 0.f;
#pragma unroll
    for (int i = 0; i < 16; i += 4) {
        float4 x = *reinterpret_cast<const float4*>(a + i), y = *reinterpret_cast<const float4*>(b + i);
        s += x.x * y.x + x.y * y.y + x.z * y.z + x.w * y.w;
    }
    return s;
}

__device__ __forceinline__ float dot16(const bf16* a, const bf16* b) {
    float s = 0.f;
#pragma unroll
    for (int i = 0; i < 16; i += 8) {
        uint4 x = *reinterpret_cast<const uint4*>(a + i), y = *reinterpret_cast<const uint4*>(b + i);
        s += bf16_lo(x.x) * bf16_lo(y.x) + bf16_hi(x.x) * bf16_hi(y.x) + bf16_lo(x.y) * bf16_lo(y.y) + bf16_hi(x.y) * bf16_hi(y.y)
           + bf16_lo(x.z) * bf16_lo(y.z) + bf16_hi(x.z) * bf16_hi(y.z) + bf16_lo(x.w) * bf16_lo(y.w) + bf16_hi(x.w) * bf16_hi(y.w);
    }
    return s;
}

// sum over the 64 dims of a[row] * b[row] (rows stride apart), by the 4 lanes of a quad (16 dims each); 0 past the last row
template <typename T>
__device__ __forceinline__ float quad_row_dot(const T* a, const T* b, int row, int rows, int stride) {
    float s = 0.f;
    if (row < rows) {
        long long at = (long long) row * stride + (threadIdx.x & 3) * 16;
        s = dot16(a + at, b + at);
    }
    return quad_sum(s);
}

// dq (G, T, 64) = sum over keys j <= i of ds_ij k_j, ds_ij = p_ij (z_ij dout_i.v_j - rowDot_i) scale (z_ij: the weight's
// dropout factor, 1 without); also writes
// rowDot (G, T) = dout_i.out_i for flash_backward_key. Grid (query tiles, G).
template <typename T>
__device__ __forceinline__ void backward_query(const T* dout, const T* q, const T* k, const T* v, const T* out, const float* lse,
        int t, int heads, int inStride, int outStride, float scale, WeightDropout drop, T* dq, float* rowDot) {
    __shared__ __align__(16) bf16 ks[2][TILE * LDS];   // [key][dim], key tile kt in ks[kt & 1]
    __shared__ __align__(16) bf16 vs[2][TILE * LDS];   // [key][dim]
    int tiles = (t + TILE - 1) / TILE, qTile = tiles - 1 - blockIdx.x;
    long long head = head_row(blockIdx.y, 0, t, heads, D, inStride), outHead = head_row(blockIdx.y, 0, t, heads, D, outStride);
    long long row0 = (long long) blockIdx.y * t;
    int warp = threadIdx.x >> 5, g = (threadIdx.x & 31) >> 2, c = threadIdx.x & 3;
    int r0 = qTile * TILE + warp * 16, rowA = r0 + g, rowB = r0 + g + 8;
    float scale2 = scale * LOG2E;
    float dotA = quad_row_dot(dout + outHead, out + outHead, rowA, t, outStride);
    float dotB = quad_row_dot(dout + outHead, out + outHead, rowB, t, outStride);
    if (c == 0 && rowA < t) rowDot[row0 + rowA] = dotA;
    if (c == 0 && rowB < t) rowDot[row0 + rowB] = dotB;
    float lseA = rowA < t ? lse[row0 + rowA] * LOG2E : 0.f, lseB = rowB < t ? lse[row0 + rowB] * LOG2E : 0.f;
    unsigned qf[4][4], dof[4][4];
    load_row_fragments(q + head, r0, t, inStride, qf);
    load_row_fragments(dout + outHead, r0, t, outStride, dof);
    load_tile(k + head, 0, t, inStride, ks[0]);
    load_tile(v + head, 0, t, inStride, vs[0]);
    float acc[8][4], p[8][4], dp[8][4];
#pragma unroll
    for (int nt = 0; nt < 8; nt++) acc[nt][0] = acc[nt][1] = acc[nt][2] = acc[nt][3] = 0.f;
    for (int kt = 0; kt <= qTile; kt++) {
        int cur = kt & 1;
        bool more = kt < qTile;
        TileStage<T>::landed();
        __syncthreads();  // tile kt is stored, and every warp is done with tile kt - 1, whose buffers take tile kt + 1
        if (more) {  // float32 tiles are not fetched ahead as in the other kernels: 32 registers would cost a block per SM here
            load_tile(k + head, (kt + 1) * TILE, t, inStride, ks[cur ^ 1]);
            load_tile(v + head, (kt + 1) * TILE, t, inStride, vs[cur ^ 1]);
        }
        product_nt(qf, ks[cur], p);
        if (kt == qTile) mask_scores(p, kt * TILE, rowA, rowB, t, true);
#pragma unroll
        for (int nt = 0; nt < 8; nt++) {
#pragma unroll
            for (int e = 0; e < 4; e++) p[nt][e] = exp2f(p[nt][e] * scale2 - (e < 2 ? lseA : lseB));
        }
        product_nt(dof, vs[cur], dp);
        if (drop.on()) drop.apply(dp, row0 * t, t, kt * TILE, rowA, rowB);
#pragma unroll
        for (int nt = 0; nt < 8; nt++) {
#pragma unroll
            for (int e = 0; e < 4; e++) p[nt][e] *= (dp[nt][e] - (e < 2 ? dotA : dotB)) * scale;
        }
        accumulate_product(p, ks[cur], acc);
    }
#pragma unroll
    for (int nt = 0; nt < 8; nt++) {
        int col = nt * 8 + 2 * c;
        if (rowA < t) store_pair(dq, head + (long long) rowA * inStride + col, acc[nt][0], acc[nt][1]);
        if (rowB < t) store_pair(dq, head + (long long) rowB * inStride + col, acc[nt][2], acc[nt][3]);
    }
}

extern "C" __global__ void __launch_bounds__(THREADS) flash_backward_query(const float* dout, const float* q, const float* k,
        const float* v, const float* out, const float* lse, int t, int heads, int inStride, int outStride, float scale,
        float dropP, float keep, unsigned long long seed, float* dq, float* rowDot) {
    backward_query(dout, q, k, v, out, lse, t, heads, inStride, outStride, scale, WeightDropout{dropP, keep, seed}, dq, rowDot);
}

extern "C" __global__ void __launch_bounds__(THREADS) flash_backward_query_bf16(const bf16* dout, const bf16* q, const bf16* k,
        const bf16* v, const bf16* out, const float* lse, int t, int heads, int inStride, int outStride, float scale,
        float dropP, float keep, unsigned long long seed, bf16* dq, float* rowDot) {
    backward_query(dout, q, k, v, out, lse, t, heads, inStride, outStride, scale, WeightDropout{dropP, keep, seed}, dq, rowDot);
}

// lse (scaled to log2) and rowDot of query query0 + threadIdx (G, T rows from row0) for threads below TILE; 0 past the end
__device__ __forceinline__ void fetch_row_stats(const float* lse, const float* rowDot, long long row0, int query0, int t,
        float& lseOut, float& dotOut) {
    int query = query0 + threadIdx.x;
    bool inside = threadIdx.x < TILE && query < t;
    lseOut = inside ? lse[row0 + query] * LOG2E : 0.f;
    dotOut = inside ? rowDot[row0 + query] : 0.f;
}

// dk, dv (G, T, 64) for key rows j: dv_j = sum over queries i >= j of z_ij p_ij dout_i, dk_j = sum of ds_ij q_i (z_ij
// and ds_ij as in backward_query).
// Needs rowDot from flash_backward_query. Grid (key tiles, G), heaviest (first) tiles first.
template <typename T>
__device__ __forceinline__ void backward_key(const T* dout, const T* q, const T* k, const T* v, const float* lse,
        const float* rowDot, int t, int heads, int inStride, int outStride, float scale, WeightDropout drop, T* dk, T* dv) {
    __shared__ __align__(16) bf16 qs[2][TILE * LDS];    // [query][dim], query tile qt in qs[(qt - kTile) & 1]
    __shared__ __align__(16) bf16 dos[2][TILE * LDS];   // [query][dim]
    __shared__ float lseTile[2][TILE], dotTile[2][TILE];
    int tiles = (t + TILE - 1) / TILE, kTile = blockIdx.x;
    long long head = head_row(blockIdx.y, 0, t, heads, D, inStride), outHead = head_row(blockIdx.y, 0, t, heads, D, outStride);
    long long row0 = (long long) blockIdx.y * t;
    int warp = threadIdx.x >> 5, g = (threadIdx.x & 31) >> 2, c = threadIdx.x & 3;
    int r0 = kTile * TILE + warp * 16, keyA = r0 + g, keyB = r0 + g + 8;
    float scale2 = scale * LOG2E;
    unsigned kf[4][4], vf[4][4];
    load_row_fragments(k + head, r0, t, inStride, kf);
    load_row_fragments(v + head, r0, t, inStride, vf);
    load_tile(q + head, kTile * TILE, t, inStride, qs[0]);
    load_tile(dout + outHead, kTile * TILE, t, outStride, dos[0]);
    float lseNext, dotNext;
    fetch_row_stats(lse, rowDot, row0, kTile * TILE, t, lseNext, dotNext);
    if (threadIdx.x < TILE) {
        lseTile[0][threadIdx.x] = lseNext;
        dotTile[0][threadIdx.x] = dotNext;
    }
    float accK[8][4], accV[8][4], p[8][4], dp[8][4];
    TileStage<T> next;
#pragma unroll
    for (int nt = 0; nt < 8; nt++) {
        accK[nt][0] = accK[nt][1] = accK[nt][2] = accK[nt][3] = 0.f;
        accV[nt][0] = accV[nt][1] = accV[nt][2] = accV[nt][3] = 0.f;
    }
    for (int qt = kTile; qt < tiles; qt++) {
        int cur = (qt - kTile) & 1, query0 = qt * TILE;
        bool more = qt + 1 < tiles;
        TileStage<T>::landed();
        __syncthreads();  // tile qt is stored, and every warp is done with tile qt - 1, whose buffers take tile qt + 1
        if (more) {
            next.begin(q + head, query0 + TILE, t, inStride, qs[cur ^ 1]);
            fetch_row_stats(lse, rowDot, row0, query0 + TILE, t, lseNext, dotNext);
        }
        product_nt(kf, qs[cur], p);     // scores transposed: [key][query]
        if (qt == kTile || query0 + TILE > t) mask_scores(p, query0, keyA, keyB, t, false);
#pragma unroll
        for (int nt = 0; nt < 8; nt++) {
#pragma unroll
            for (int e = 0; e < 4; e++) p[nt][e] = exp2f(p[nt][e] * scale2 - lseTile[cur][nt * 8 + 2 * c + (e & 1)]);
        }
        if (more) {
            next.end(qs[cur ^ 1]);
            if (threadIdx.x < TILE) {
                lseTile[cur ^ 1][threadIdx.x] = lseNext;
                dotTile[cur ^ 1][threadIdx.x] = dotNext;
            }
        }
        product_nt(vf, dos[cur], dp);   // dout.v transposed: [key][query]
        if (drop.on()) {   // one factor per weight for both: ds = p (z dp - rowDot) scale, and p becomes z p for dv
#pragma unroll
            for (int nt = 0; nt < 8; nt++) {
#pragma unroll
                for (int e = 0; e < 4; e++) {
                    int query = query0 + nt * 8 + 2 * c + (e & 1);
                    float z = drop.factor(row0 * t, t, query, e < 2 ? keyA : keyB);
                    dp[nt][e] = p[nt][e] * (z * dp[nt][e] - dotTile[cur][nt * 8 + 2 * c + (e & 1)]) * scale;
                    p[nt][e] *= z;
                }
            }
        } else {
#pragma unroll
            for (int nt = 0; nt < 8; nt++) {
#pragma unroll
                for (int e = 0; e < 4; e++) dp[nt][e] = p[nt][e] * (dp[nt][e] - dotTile[cur][nt * 8 + 2 * c + (e & 1)]) * scale;
            }
        }
        accumulate_product(p, dos[cur], accV);
        if (more) next.begin(dout + outHead, query0 + TILE, t, outStride, dos[cur ^ 1]);
        accumulate_product(dp, qs[cur], accK);
        if (more) next.end(dos[cur ^ 1]);
    }
#pragma unroll
    for (int nt = 0; nt < 8; nt++) {
        int col = nt * 8 + 2 * c;
        if (keyA < t) {
            store_pair(dk, head + (long long) keyA * inStride + col, accK[nt][0], accK[nt][1]);
            store_pair(dv, head + (long long) keyA * inStride + col, accV[nt][0], accV[nt][1]);
        }
        if (keyB < t) {
            store_pair(dk, head + (long long) keyB * inStride + col, accK[nt][2], accK[nt][3]);
            store_pair(dv, head + (long long) keyB * inStride + col, accV[nt][2], accV[nt][3]);
        }
    }
}

extern "C" __global__ void __launch_bounds__(THREADS) flash_backward_key(const float* dout, const float* q, const float* k,
        const float* v, const float* lse, const float* rowDot, int t, int heads, int inStride, int outStride, float scale,
        float dropP, float keep, unsigned long long seed, float* dk, float* dv) {
    backward_key(dout, q, k, v, lse, rowDot, t, heads, inStride, outStride, scale, WeightDropout{dropP, keep, seed}, dk, dv);
}

extern "C" __global__ void __launch_bounds__(THREADS) flash_backward_key_bf16(const bf16* dout, const bf16* q, const bf16* k,
        const bf16* v, const float* lse, const float* rowDot, int t, int heads, int inStride, int outStride, float scale,
        float dropP, float keep, unsigned long long seed, bf16* dk, bf16* dv) {
    backward_key(dout, q, k, v, lse, rowDot, t, heads, inStride, outStride, scale, WeightDropout{dropP, keep, seed}, dk, dv);
}
