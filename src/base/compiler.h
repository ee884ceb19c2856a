/* Compiler attributes spelled once, so both gcc and clang check what they mean. */
#ifndef P1C_COMPILER_H
#define P1C_COMPILER_H

/* An intended fall-through into the next case label (-Wimplicit-fallthrough): clang ignores
 * the comment form that gcc accepts, so the attribute is used wherever it exists (gcc >= 7,
 * clang >= 10; C23 spells it [[fallthrough]]). */
#if defined(__has_attribute)
#if __has_attribute(fallthrough)
#define P1C_FALLTHROUGH __attribute__((fallthrough))
#endif
#endif
#ifndef P1C_FALLTHROUGH
#define P1C_FALLTHROUGH ((void)0)
#endif

/* A helper that must be inlined where it is called (the decoder's fast loop specializes one
 * per opcode byte); a plain inline hint for other compilers. */
#if defined(__GNUC__)
#define P1C_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define P1C_ALWAYS_INLINE inline
#endif

/* A rare path kept out of a hot loop it is called from, so the loop's variables stay in
 * registers. */
#if defined(__GNUC__)
#define P1C_NOINLINE __attribute__((noinline))
#else
#define P1C_NOINLINE
#endif

#endif
