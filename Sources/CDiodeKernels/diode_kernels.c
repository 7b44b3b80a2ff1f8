#include "diode_kernels.h"
#include <stdatomic.h>
#include <string.h>

// GF(2^8) with polynomial 0x11D, as in zfec.
static uint8_t gf_multiply(uint8_t a, uint8_t b) {
    uint8_t product = 0;
    while (b) {
        if (b & 1) product ^= a;
        b >>= 1;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1D : 0));
    }
    return product;
}

void diode_gf_prepare(const uint8_t *coefficients, size_t count, uint8_t *prepared) {
    for (size_t n = 0; n < count; n++) {
        uint8_t c = coefficients[n];
        uint8_t *entry = prepared + n * DIODE_GF_PREPARED_SIZE;
        // GF2P8AFFINEQB: output bit i is the parity of (matrix byte 7 - i) AND x. Multiplying by c is
        // linear over GF(2): bit i of c*x collects bit i of c * 2^b for every set input bit b.
        uint8_t rows[8] = {0};
        for (int b = 0; b < 8; b++) {
            uint8_t column = gf_multiply(c, (uint8_t)(1u << b));
            for (int i = 0; i < 8; i++) {
                if (column & (1u << i)) rows[i] |= (uint8_t)(1u << b);
            }
        }
        for (int i = 0; i < 8; i++) entry[7 - i] = rows[i];
        for (int v = 0; v < 16; v++) {
            entry[8 + v] = gf_multiply(c, (uint8_t)v);
            entry[24 + v] = gf_multiply(c, (uint8_t)(v << 4));
        }
    }
}

static void dot_products_portable(const uint8_t *prepared, size_t outputs, size_t inputs, const uint8_t *const *sources,
                                  uint8_t *const *destinations, size_t start, size_t length) {
    for (size_t o = 0; o < outputs; o++) {
        uint8_t *out = destinations[o];
        memset(out + start, 0, length - start);
        for (size_t i = 0; i < inputs; i++) {
            const uint8_t *tables = prepared + (o * inputs + i) * DIODE_GF_PREPARED_SIZE + 8;
            const uint8_t *in = sources[i];
            for (size_t p = start; p < length; p++) out[p] ^= tables[in[p] & 0x0f] ^ tables[16 + (in[p] >> 4)];
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

// Up to eight outputs at a time: each 64-byte column of a source is loaded once and multiplied into
// the accumulators with one affine instruction each; the matrices come from memory as broadcasts.
__attribute__((target("avx512f,avx512bw,gfni"), always_inline))
static inline void gfni_rows(const uint8_t *prepared, size_t first, const size_t rows, size_t inputs,
                             const uint8_t *const *sources, uint8_t *const *destinations, size_t length) {
    const size_t step = inputs * DIODE_GF_PREPARED_SIZE;
    for (size_t p = 0; p < length; p += 64) {
        __mmask64 mask = length - p >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (length - p)) - 1);
        __m512i acc[8];
        for (size_t r = 0; r < rows; r++) acc[r] = _mm512_setzero_si512();
        const uint8_t *entry = prepared + first * step;
        for (size_t i = 0; i < inputs; i++, entry += DIODE_GF_PREPARED_SIZE) {
            __m512i x = _mm512_maskz_loadu_epi8(mask, sources[i] + p);
            for (size_t r = 0; r < rows; r++) {
                long long matrix;
                memcpy(&matrix, entry + r * step, sizeof matrix);
                acc[r] = _mm512_xor_si512(acc[r], _mm512_gf2p8affine_epi64_epi8(x, _mm512_set1_epi64(matrix), 0));
            }
        }
        for (size_t r = 0; r < rows; r++) _mm512_mask_storeu_epi8(destinations[first + r] + p, mask, acc[r]);
    }
}

__attribute__((target("avx512f,avx512bw,gfni")))
static void dot_products_gfni(const uint8_t *prepared, size_t outputs, size_t inputs, const uint8_t *const *sources,
                              uint8_t *const *destinations, size_t length) {
    size_t first = 0;
    for (; first + 8 <= outputs; first += 8) gfni_rows(prepared, first, 8, inputs, sources, destinations, length);
    switch (outputs - first) {
    case 7: gfni_rows(prepared, first, 7, inputs, sources, destinations, length); break;
    case 6: gfni_rows(prepared, first, 6, inputs, sources, destinations, length); break;
    case 5: gfni_rows(prepared, first, 5, inputs, sources, destinations, length); break;
    case 4: gfni_rows(prepared, first, 4, inputs, sources, destinations, length); break;
    case 3: gfni_rows(prepared, first, 3, inputs, sources, destinations, length); break;
    case 2: gfni_rows(prepared, first, 2, inputs, sources, destinations, length); break;
    case 1: gfni_rows(prepared, first, 1, inputs, sources, destinations, length); break;
    default: break;
    }
}

// Four outputs at a time with split-nibble PSHUFB lookups: the nibbles of each 32-byte source column
// are split once and looked up in the tables of four coefficients.
__attribute__((target("avx2")))
static size_t dot_products_avx2(const uint8_t *prepared, size_t outputs, size_t inputs, const uint8_t *const *sources,
                                uint8_t *const *destinations, size_t length) {
    enum { block = 4 };
    const __m256i mask = _mm256_set1_epi8(0x0f);
    size_t whole = length & ~(size_t)31;
    for (size_t first = 0; first < outputs; first += block) {
        size_t rows = outputs - first < block ? outputs - first : block;
        for (size_t p = 0; p < whole; p += 32) {
            __m256i acc[block];
            for (size_t r = 0; r < block; r++) acc[r] = _mm256_setzero_si256();
            for (size_t i = 0; i < inputs; i++) {
                __m256i x = _mm256_loadu_si256((const __m256i *)(sources[i] + p));
                __m256i lowNibbles = _mm256_and_si256(x, mask);
                __m256i highNibbles = _mm256_and_si256(_mm256_srli_epi16(x, 4), mask);
                for (size_t r = 0; r < rows; r++) {
                    const uint8_t *tables = prepared + ((first + r) * inputs + i) * DIODE_GF_PREPARED_SIZE + 8;
                    __m256i low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)tables));
                    __m256i high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tables + 16)));
                    acc[r] = _mm256_xor_si256(acc[r], _mm256_xor_si256(_mm256_shuffle_epi8(low, lowNibbles),
                                                                       _mm256_shuffle_epi8(high, highNibbles)));
                }
            }
            for (size_t r = 0; r < rows; r++) _mm256_storeu_si256((__m256i *)(destinations[first + r] + p), acc[r]);
        }
    }
    return whole;
}

static int detected_kernel(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("gfni")) {
        return DIODE_GF_AVX512_GFNI;
    }
    if (__builtin_cpu_supports("avx2")) return DIODE_GF_AVX2;
    return DIODE_GF_PORTABLE;
}
#else
static int detected_kernel(void) { return DIODE_GF_PORTABLE; }
#endif

/* Atomic because tests change the limit while other threads encode; each caller reads the choice once. */
static _Atomic int kernel_in_use = -1;
static _Atomic int kernel_limit = DIODE_GF_AVX512_GFNI;

static int chosen_kernel(int limit) {
    int detected = detected_kernel();
    int kernel = detected < limit ? detected : limit;
    atomic_store_explicit(&kernel_in_use, kernel, memory_order_relaxed);
    return kernel;
}

int diode_gf_kernel(void) {
    int kernel = atomic_load_explicit(&kernel_in_use, memory_order_relaxed);
    return kernel >= 0 ? kernel : chosen_kernel(atomic_load_explicit(&kernel_limit, memory_order_relaxed));
}

int diode_gf_limit_kernel(int kind) {
    atomic_store_explicit(&kernel_limit, kind, memory_order_relaxed);
    return chosen_kernel(kind);
}

void diode_gf_dot_products(const uint8_t *prepared, size_t outputs, size_t inputs, const uint8_t *const *sources,
                           uint8_t *const *destinations, size_t length) {
    size_t done = 0;
    switch (diode_gf_kernel()) {
#if defined(__x86_64__)
    case DIODE_GF_AVX512_GFNI:
        dot_products_gfni(prepared, outputs, inputs, sources, destinations, length);
        return;
    case DIODE_GF_AVX2:
        done = dot_products_avx2(prepared, outputs, inputs, sources, destinations, length);
        break;
#endif
    default:
        break;
    }
    if (done < length) dot_products_portable(prepared, outputs, inputs, sources, destinations, done, length);
}
