/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Overflow-safe size arithmetic, as Linux's <linux/overflow.h>.
 *
 * check_*_overflow() say whether an operation wrapped (and store the wrapped
 * result, as the compiler builtins do).  size_*(), array_size() and friends
 * saturate at SIZE_MAX instead: an allocator asked for SIZE_MAX bytes fails,
 * so a product that would have wrapped to a small number can never become a
 * short allocation that the caller then overruns.
 */
#ifndef _LINUX_OVERFLOW_H
#define _LINUX_OVERFLOW_H

#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

/* True if @a + @b wrapped in the type of @d; *@d gets the wrapped sum. */
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
/* True if @a - @b wrapped in the type of @d; *@d gets the wrapped result. */
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
/* True if @a * @b wrapped in the type of @d; *@d gets the wrapped product. */
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/**
 * size_mul() - @factor1 * @factor2, saturating.
 * Return: the product, or SIZE_MAX if it does not fit a size_t.
 */
static inline size_t __must_check size_mul(size_t factor1, size_t factor2)
{
	size_t bytes;

	if (check_mul_overflow(factor1, factor2, &bytes))
		return SIZE_MAX;
	return bytes;
}

/**
 * size_add() - @addend1 + @addend2, saturating.
 * A SIZE_MAX operand (an earlier saturation) stays SIZE_MAX.
 * Return: the sum, or SIZE_MAX if it does not fit a size_t.
 */
static inline size_t __must_check size_add(size_t addend1, size_t addend2)
{
	size_t bytes;

	if (check_add_overflow(addend1, addend2, &bytes))
		return SIZE_MAX;
	return bytes;
}

/**
 * size_sub() - @minuend - @subtrahend, saturating.
 * A SIZE_MAX operand is taken for an earlier saturation and stays SIZE_MAX,
 * as Linux does, so a saturated size never shrinks back into range.
 * Return: the difference, or SIZE_MAX if either operand is SIZE_MAX or the
 * difference would be negative.
 */
static inline size_t __must_check size_sub(size_t minuend, size_t subtrahend)
{
	size_t bytes;

	if (minuend == SIZE_MAX || subtrahend == SIZE_MAX ||
	    check_sub_overflow(minuend, subtrahend, &bytes))
		return SIZE_MAX;
	return bytes;
}

/* Bytes of an array of @n elements of @size bytes, or SIZE_MAX. */
#define array_size(n, size)		size_mul(n, size)
/* Bytes of an @a x @b x @c array of @size-byte elements, or SIZE_MAX. */
#define array3_size(a, b, c)		size_mul(size_mul(a, b), c)

/*
 * Bytes of @count elements of the flexible array @member of the struct
 * @p points to (@p is not dereferenced), or SIZE_MAX.
 */
#define flex_array_size(p, member, count)				\
	size_mul(count, sizeof(*(p)->member))

/*
 * Bytes of the struct @p points to with @count elements in its flexible
 * array @member, or SIZE_MAX.
 */
#define struct_size(p, member, count)					\
	size_add(sizeof(*(p)), flex_array_size(p, member, count))

/* struct_size() by type instead of by pointer. */
#define struct_size_t(type, member, count)				\
	struct_size((type *)NULL, member, count)

#endif /* _LINUX_OVERFLOW_H */
