#ifndef GAIS_NUMBER_SCAN_H
#define GAIS_NUMBER_SCAN_H

#include <stdint.h>
#include <string.h>

// The common case of the CSV reader's number scan (NumberParser.scan), without a branch on the
// number's length or sign: an optional sign, at most 7 integer digits, an optional '.' and at
// most 7 fraction digits, no exponent. The digit runs are found eight bytes at a time (the first
// byte that is not a digit, from a bit mask) and converted by multiplication, so the varying
// lengths of real numbers cost no mispredicted loop exits (BENCHMARKS.md, "Scaling").
//
// Returns 1 with *value and *end (the index after the number) set to exactly what
// NumberParser.scan gives, or 0 when the number is anything else (longer runs, an exponent, no
// digit, fewer than 18 bytes left before `limit`): the caller then takes that general scan,
// which decides everything this one declines. Reads only p[i ..< i + 17], inside p[i ..< limit]
// by the first test: the sign at i, the integer word at most at i + 1 ..< i + 9, the '.' at most
// at i + 8, the fraction word at most at i + 9 ..< i + 17, the exponent test at most at i + 16.

static const double gais_scan_negative_powers[8] = {1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7};
static const uint64_t gais_scan_powers[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};

// Bit 7 of each byte of the result is set where that byte of `word` is not an ASCII digit. Only
// bytes below the first such byte are guaranteed: a carry or borrow of a non-digit byte can
// flag the bytes above it, which is harmless since the first flagged byte ends the run.
static inline uint64_t gais_scan_non_digits(uint64_t word) {
    return ((word + 0x4646464646464646ull) | (word - 0x3030303030303030ull)) & 0x8080808080808080ull;
}

// The value of the first `length` (0…7) ASCII digits of `word` (first byte most significant).
static inline uint64_t gais_scan_digits(uint64_t word, int length) {
    // Shift the digits to the top so the bytes below them read as leading zeros.
    uint64_t v = length == 0 ? 0 : (word << (8 * (8 - length))) & 0x0F0F0F0F0F0F0F0Full;
    v = (v * 2561) >> 8;
    v = ((v & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
    return ((v & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
}

static inline int gais_scan_number(const uint8_t *p, long i, long limit, float *value, long *end) {
    if (limit - i < 18) return 0;   // sign, 7 digits, '.', 8 bytes examined after it, one more
    long k = i;
    const int negative = p[k] == '-';
    k += negative | (p[k] == '+');
    uint64_t word;
    memcpy(&word, p + k, 8);
    const uint64_t integerFlags = gais_scan_non_digits(word);
    if (integerFlags == 0) return 0;
    const int integerDigits = __builtin_ctzll(integerFlags) >> 3;
    uint64_t mantissa = gais_scan_digits(word, integerDigits);
    k += integerDigits;
    int fractionDigits = 0;
    if (p[k] == '.') {
        k += 1;
        memcpy(&word, p + k, 8);
        const uint64_t fractionFlags = gais_scan_non_digits(word);
        if (fractionFlags == 0) return 0;
        fractionDigits = __builtin_ctzll(fractionFlags) >> 3;
        mantissa = mantissa * gais_scan_powers[fractionDigits] + gais_scan_digits(word, fractionDigits);
        k += fractionDigits;
    }
    if (integerDigits + fractionDigits == 0 || (p[k] | 0x20) == 'e') return 0;
    const double magnitude = (double)mantissa * gais_scan_negative_powers[fractionDigits];
    *value = (float)(negative ? -magnitude : magnitude);
    *end = k;
    return 1;
}

#endif
