#include "diode_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static size_t mul_region_avx2(const uint8_t *tables, const uint8_t *src, uint8_t *dst, size_t length, int accumulate) {
    const __m256i low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)tables));
    const __m256i high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tables + 16)));
    const __m256i mask = _mm256_set1_epi8(0x0f);
    size_t i = 0;
    for (; i + 64 <= length; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(src + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(src + i + 32));
        __m256i pa = _mm256_xor_si256(_mm256_shuffle_epi8(low, _mm256_and_si256(a, mask)),
                                      _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(a, 4), mask)));
        __m256i pb = _mm256_xor_si256(_mm256_shuffle_epi8(low, _mm256_and_si256(b, mask)),
                                      _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(b, 4), mask)));
        if (accumulate) {
            pa = _mm256_xor_si256(pa, _mm256_loadu_si256((const __m256i *)(dst + i)));
            pb = _mm256_xor_si256(pb, _mm256_loadu_si256((const __m256i *)(dst + i + 32)));
        }
        _mm256_storeu_si256((__m256i *)(dst + i), pa);
        _mm256_storeu_si256((__m256i *)(dst + i + 32), pb);
    }
    return i;
}

static int avx2_available(void) {
    static int state = -1;
    if (state < 0) { state = __builtin_cpu_supports("avx2") ? 1 : 0; }
    return state;
}
#endif

int diode_gf_uses_avx2(void) {
#if defined(__x86_64__)
    return avx2_available();
#else
    return 0;
#endif
}

void diode_gf_mul_region(const uint8_t *tables, const uint8_t *src, uint8_t *dst, size_t length, int accumulate) {
    size_t i = 0;
#if defined(__x86_64__)
    if (avx2_available()) { i = mul_region_avx2(tables, src, dst, length, accumulate); }
#endif
    for (; i < length; i++) {
        uint8_t product = tables[src[i] & 0x0f] ^ tables[16 + (src[i] >> 4)];
        dst[i] = accumulate ? (uint8_t)(dst[i] ^ product) : product;
    }
}
