#ifndef DIODE_KERNELS_H
#define DIODE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Bytes of the prepared form of one GF(2^8) coefficient: an 8-byte GF(2) bit matrix (for GFNI's
/// affine instruction) followed by the 32-byte split-nibble tables (for PSHUFB and the portable loop).
#define DIODE_GF_PREPARED_SIZE 40

/// The kernels, fastest first; `diode_gf_kernel` reports the one in use.
enum diode_gf_kernel_kind {
    DIODE_GF_PORTABLE = 0,
    DIODE_GF_AVX2 = 1,
    DIODE_GF_AVX512_GFNI = 2,
};

/// Writes the prepared form of `count` coefficients to `prepared` (count * DIODE_GF_PREPARED_SIZE bytes).
void diode_gf_prepare(const uint8_t *coefficients, size_t count, uint8_t *prepared);

/// destinations[o] = sum over i of c[o][i] * sources[i], for `outputs` rows of `length` bytes, where
/// `prepared` holds the coefficients row after row (outputs * inputs prepared entries).
void diode_gf_dot_products(const uint8_t *prepared, size_t outputs, size_t inputs, const uint8_t *const *sources,
                           uint8_t *const *destinations, size_t length);

/// The kernel `diode_gf_dot_products` uses on this CPU.
int diode_gf_kernel(void);

/// Restricts the kernel to at most `kind` (for cross-checking the kernels against each other).
/// Returns the kernel now in use.
int diode_gf_limit_kernel(int kind);

#endif
