//! Property tests for `pyrite_num::bigint`: against `i128` for machine-size
//! values and against `num-bigint` for values up to a few thousand bits.
//!
//! `PYRITE_PROPTEST_CASES` scales the number of cases (default 256).

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};
use proptest::prelude::*;
use pyrite_num::bigint::{BigRef, Limb, Written, bytes, mag, pow, signed, text};
use pyrite_num::{NumError, ValueKind};

fn cases() -> u32 {
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Owned signed value in the crate's representation.
#[derive(Clone, Debug)]
struct Big {
    neg: bool,
    mag: Vec<Limb>,
}

impl Big {
    fn r(&self) -> BigRef<'_> {
        BigRef::new(self.neg, &self.mag)
    }
    fn num(&self) -> BigInt {
        let m = num_bigint::BigUint::new(self.mag.clone());
        let s = if self.neg { Sign::Minus } else { Sign::Plus };
        BigInt::from_biguint(s, m)
    }
    fn from_i128(v: i128) -> Big {
        let mut out = vec![0; signed::I128_LEN];
        let w = signed::from_i128(v, &mut out).unwrap();
        out.truncate(w.len);
        Big {
            neg: w.neg,
            mag: out,
        }
    }
}

fn num_of(w: Written, buf: &[Limb]) -> BigInt {
    let r = w.as_ref(buf);
    assert_eq!(
        mag::normalized_len(r.mag),
        r.mag.len(),
        "result not normalised"
    );
    assert!(!(w.neg && w.len == 0), "negative zero");
    Big {
        neg: r.neg,
        mag: r.mag.to_vec(),
    }
    .num()
}

/// Random magnitudes with a bias towards edge patterns; high zero limbs are
/// sometimes left in place to check that inputs need not be normalised.
fn limbs(max_limbs: usize) -> impl Strategy<Value = Vec<Limb>> {
    let limb = prop_oneof![
        4 => any::<u32>(),
        1 => Just(0u32),
        1 => Just(u32::MAX),
        1 => Just(1u32),
        1 => Just(0x8000_0000u32),
    ];
    prop::collection::vec(limb, 0..=max_limbs)
}

fn big(max_limbs: usize) -> impl Strategy<Value = Big> {
    (any::<bool>(), limbs(max_limbs)).prop_map(|(neg, mag)| Big { neg, mag })
}

fn nonzero_big(max_limbs: usize) -> impl Strategy<Value = Big> {
    big(max_limbs).prop_map(|mut b| {
        if mag::is_zero(&b.mag) {
            b.mag.push(7);
        }
        b
    })
}

/// Python floor division and modulo on reference values.
fn py_divmod(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let mut q = a / b;
    let mut r = a % b;
    if !r.is_zero() && (r.is_negative() != b.is_negative()) {
        q -= 1;
        r += b;
    }
    (q, r)
}

fn i128_strategy() -> impl Strategy<Value = i128> {
    prop_oneof![
        3 => any::<i64>().prop_map(|v| v as i128),
        2 => any::<i128>().prop_map(|v| v >> 2),
        1 => prop_oneof![Just(0i128), Just(1), Just(-1), Just(i64::MIN as i128), Just(i64::MAX as i128),
                         Just(u32::MAX as i128), Just(-(u32::MAX as i128) - 1), Just(1i128 << 64)],
    ]
}

fn floor_divmod_i128(a: i128, b: i128) -> (i128, i128) {
    let (mut q, mut r) = (a / b, a % b);
    if r != 0 && ((r < 0) != (b < 0)) {
        q -= 1;
        r += b;
    }
    (q, r)
}

fn to_i128(w: Written, buf: &[Limb]) -> i128 {
    signed::to_i128(w.as_ref(buf)).expect("fits i128")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn i128_arith(a in i128_strategy(), b in i128_strategy()) {
        let (x, y) = (Big::from_i128(a), Big::from_i128(b));
        let mut out = vec![0; 10];
        let w = signed::add(x.r(), y.r(), &mut out).unwrap();
        prop_assert_eq!(to_i128(w, &out), a + b);
        let w = signed::sub(x.r(), y.r(), &mut out).unwrap();
        prop_assert_eq!(to_i128(w, &out), a - b);
        let w = signed::mul(x.r(), y.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), BigInt::from(a) * BigInt::from(b));
        prop_assert_eq!(signed::cmp(x.r(), y.r()), a.cmp(&b));
        prop_assert_eq!(signed::to_i128(x.r()), Some(a));
        prop_assert_eq!(signed::to_i64(x.r()), i64::try_from(a).ok());
        prop_assert_eq!(signed::to_u64(x.r()), u64::try_from(a).ok());
        prop_assert_eq!(signed::to_f64(x.r()).unwrap(), a as f64);
        for (op, expect) in [(0, a & b), (1, a | b), (2, a ^ b)] {
            let w = match op {
                0 => signed::and(x.r(), y.r(), &mut out),
                1 => signed::or(x.r(), y.r(), &mut out),
                _ => signed::xor(x.r(), y.r(), &mut out),
            }.unwrap();
            prop_assert_eq!(to_i128(w, &out), expect);
        }
        let w = signed::invert(x.r(), &mut out).unwrap();
        prop_assert_eq!(to_i128(w, &out), !a);
        if b != 0 {
            let (q, r) = floor_divmod_i128(a, b);
            let mut qb = vec![0; 8];
            let mut rb = vec![0; 8];
            let (wq, wr) = signed::divmod(x.r(), y.r(), &mut qb, &mut rb).unwrap();
            prop_assert_eq!(to_i128(wq, &qb), q);
            prop_assert_eq!(to_i128(wr, &rb), r);
            let wr = signed::modulo(x.r(), y.r(), &mut rb).unwrap();
            prop_assert_eq!(to_i128(wr, &rb), r);
            let wq = signed::floordiv(x.r(), y.r(), &mut qb, &mut rb).unwrap();
            prop_assert_eq!(to_i128(wq, &qb), q);
            if a.unsigned_abs() < 1 << 53 && b.unsigned_abs() < 1 << 53 {
                let mut s = vec![0; 32];
                prop_assert_eq!(signed::truediv(x.r(), y.r(), &mut s).unwrap(), a as f64 / b as f64);
            }
        }
        let sh = (b.unsigned_abs() % 70) as i64;
        let w = signed::shr(x.r(), sh, &mut out).unwrap();
        prop_assert_eq!(to_i128(w, &out), a >> sh);
        if (a.unsigned_abs() >> (126 - sh.min(126))) == 0 {
            let w = signed::shl(x.r(), sh, &mut out).unwrap();
            prop_assert_eq!(to_i128(w, &out), a << sh);
        }
        // text round trip
        let mut buf = [0u8; 200];
        let mut scratch = vec![0; text::to_str_scratch_len(x.mag.len(), 10)];
        let n = text::to_str(x.r(), 10, false, &mut buf, &mut scratch).unwrap();
        prop_assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), a.to_string());
        // Power-of-two bases need no scratch on hosts, but do with `compact`.
        let mut scratch = vec![0; text::to_str_scratch_len(x.mag.len(), 16)];
        let n = text::to_str(x.r(), 16, true, &mut buf, &mut scratch).unwrap();
        let hex = if a < 0 { format!("-{:X}", a.unsigned_abs()) } else { format!("{:X}", a) };
        prop_assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), hex);
    }

    #[test]
    fn add_sub_mul(a in big(100), b in big(100)) {
        let (na, nb) = (a.num(), b.num());
        let mut out = vec![0; signed::add_len(a.mag.len(), b.mag.len())];
        let w = signed::add(a.r(), b.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na + &nb);
        let w = signed::sub(a.r(), b.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na - &nb);
        let mut out = vec![0; signed::mul_len(a.mag.len(), b.mag.len())];
        let w = signed::mul(a.r(), b.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na * &nb);
        // squaring path
        let w = signed::mul(a.r(), a.r(), &mut vec![0; 2 * a.mag.len()][..]).map(|w| w.len);
        prop_assert!(w.is_ok());
        let mut sq = vec![0; 2 * a.mag.len()];
        let w = signed::mul(a.r(), a.r(), &mut sq).unwrap();
        prop_assert_eq!(num_of(w, &sq), &na * &na);
        prop_assert_eq!(signed::cmp(a.r(), b.r()), na.cmp(&nb));
    }

    #[test]
    fn floor_divmod(a in big(100), b in nonzero_big(60)) {
        let (na, nb) = (a.num(), b.num());
        let (eq, er) = py_divmod(&na, &nb);
        let bl = mag::normalized_len(&b.mag);
        let mut q = vec![0; signed::divmod_q_len(a.mag.len(), bl)];
        let mut r = vec![0; signed::divmod_r_len(a.mag.len(), b.mag.len())];
        let (wq, wr) = signed::divmod(a.r(), b.r(), &mut q, &mut r).unwrap();
        let (gq, gr) = (num_of(wq, &q), num_of(wr, &r));
        prop_assert_eq!(&gq, &eq);
        prop_assert_eq!(&gr, &er);
        // identity and remainder range
        prop_assert_eq!(&gq * &nb + &gr, na.clone());
        prop_assert!(gr.abs() < nb.abs());
        prop_assert!(gr.is_zero() || gr.is_negative() == nb.is_negative());
        let wr = signed::modulo(a.r(), b.r(), &mut r).unwrap();
        prop_assert_eq!(num_of(wr, &r), er);
        // magnitude divrem
        let mut q = vec![0; mag::divrem_q_len(a.mag.len(), mag::normalized_len(&b.mag))];
        let mut r = vec![0; mag::divrem_r_len(a.mag.len())];
        let (ql, rl) = mag::divrem(&a.mag, &b.mag, &mut q, &mut r).unwrap();
        let (ma, mb) = (na.magnitude(), nb.magnitude());
        prop_assert_eq!(num_bigint::BigUint::new(q[..ql].to_vec()), ma / mb);
        prop_assert_eq!(num_bigint::BigUint::new(r[..rl].to_vec()), ma % mb);
    }

    #[test]
    fn divisor_edge_patterns(hi in 1u32.., n in 2usize..8, a in big(40)) {
        // Divisors whose top limbs make qhat estimates hard.
        let mut b = vec![u32::MAX; n];
        b[n - 1] = hi;
        let b = Big { neg: false, mag: b };
        let (na, nb) = (a.num(), b.num());
        let mut q = vec![0; signed::divmod_q_len(a.mag.len(), n)];
        let mut r = vec![0; signed::divmod_r_len(a.mag.len(), n)];
        let (wq, wr) = signed::divmod(a.r(), b.r(), &mut q, &mut r).unwrap();
        let (eq, er) = py_divmod(&na, &nb);
        prop_assert_eq!(num_of(wq, &q), eq);
        prop_assert_eq!(num_of(wr, &r), er);
    }

    #[test]
    fn shifts(a in big(60), n in 0i64..3000) {
        let na = a.num();
        let mut out = vec![0; signed::shl_len(a.mag.len(), n as u64).unwrap()];
        let w = signed::shl(a.r(), n, &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na << (n as usize));
        let mut out = vec![0; signed::shr_len(a.mag.len(), n as u64)];
        let w = signed::shr(a.r(), n, &mut out).unwrap();
        let (q, _) = py_divmod(&na, &(BigInt::one() << (n as usize)));
        prop_assert_eq!(num_of(w, &out), q);
    }

    #[test]
    fn bitwise(a in big(40), b in big(40)) {
        let (na, nb) = (a.num(), b.num());
        let mut out = vec![0; signed::bitwise_len(a.mag.len(), b.mag.len())];
        let w = signed::and(a.r(), b.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na & &nb);
        let w = signed::or(a.r(), b.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na | &nb);
        let w = signed::xor(a.r(), b.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), &na ^ &nb);
        let mut out = vec![0; signed::invert_len(a.mag.len())];
        let w = signed::invert(a.r(), &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), -(&na) - 1);
    }

    #[cfg(feature = "bigint")]
    #[test]
    fn power(a in big(6), e in 0u64..40) {
        let na = a.num();
        let n = pow::pow_len(&a.mag, e).unwrap();
        let (mut out, mut scratch) = (vec![0; n], vec![0; n]);
        let w = pow::pow(a.r(), e, &mut out, &mut scratch).unwrap();
        prop_assert_eq!(num_of(w, &out), na.pow(e as u32));
    }

    #[test]
    fn modular_power(a in big(12), e in big(12), m in nonzero_big(10)) {
        let (na, ne, nm) = (a.num(), e.num(), m.num());
        let am = nm.abs();
        let base = py_divmod(&na, &am).1;
        let expect: Result<BigInt, ()> = if am.is_one() {
            Ok(BigInt::zero())
        } else {
            let b = if ne.is_negative() { modinv(&base, &am).ok_or(()) } else { Ok(base) };
            b.map(|b| {
                let r = b.modpow(&ne.abs(), &am);
                if nm.is_negative() && !r.is_zero() { r - &am } else { r }
            })
        };
        let mut out = vec![0; pow::modpow_len(m.mag.len())];
        let mut scratch = vec![0; pow::modpow_scratch_len(a.mag.len(), m.mag.len(), e.r().is_negative())];
        let got = pow::modpow(a.r(), e.r(), m.r(), &mut out, &mut scratch);
        match expect {
            Ok(v) => prop_assert_eq!(num_of(got.unwrap(), &out), v),
            Err(()) => prop_assert_eq!(got.unwrap_err(), NumError::Value(ValueKind::NotInvertible)),
        }
    }

    #[test]
    fn gcd_matches(a in big(30), b in big(30)) {
        let (na, nb) = (a.num(), b.num());
        let mut out = vec![0; pow::gcd_len(a.mag.len(), b.mag.len())];
        let mut scratch = vec![0; pow::gcd_scratch_len(a.mag.len(), b.mag.len())];
        let n = pow::gcd(&a.mag, &b.mag, &mut out, &mut scratch).unwrap();
        let mut x = na.abs();
        let mut y = nb.abs();
        while !y.is_zero() {
            let r = &x % &y;
            x = y;
            y = r;
        }
        prop_assert_eq!(BigInt::from_biguint(Sign::Plus, num_bigint::BigUint::new(out[..n].to_vec())), x);
    }

    #[test]
    fn text_round_trip(a in big(100), base in prop::sample::select(vec![2u32, 3, 7, 8, 10, 12, 16, 36])) {
        let na = a.num();
        let mut buf = vec![0u8; text::to_str_len(a.mag.len(), base)];
        let mut scratch = vec![0; text::to_str_scratch_len(a.mag.len(), base)];
        let n = text::to_str(a.r(), base, false, &mut buf, &mut scratch).unwrap();
        let s = std::str::from_utf8(&buf[..n]).unwrap();
        prop_assert_eq!(s, na.to_str_radix(base));
        let mut out = vec![0; text::parse_int_len(s.len(), base)];
        let w = text::parse_int(s, base, &mut out).unwrap();
        prop_assert_eq!(num_of(w, &out), na.clone());
        // with a prefix through base 0
        let prefixed = match base {
            2 => Some("0b"),
            8 => Some("0o"),
            16 => Some("0x"),
            _ => None,
        };
        if let Some(p) = prefixed {
            let digits = s.trim_start_matches('-');
            let t = format!(" {}{}{} ", if na.is_negative() { "-" } else { "+" }, p, digits);
            let mut out = vec![0; text::parse_int_len(t.len(), 0)];
            let w = text::parse_int(&t, 0, &mut out).unwrap();
            prop_assert_eq!(num_of(w, &out), na);
        }
    }

    #[test]
    fn bytes_round_trip(a in big(40), extra in 0usize..5, little: bool) {
        let na = a.num();
        let signed_bytes = if little { na.to_signed_bytes_le() } else { na.to_signed_bytes_be() };
        // signed, minimal length + extra: sign-extend the reference
        let len = signed_bytes.len() + extra;
        let fill = if na.is_negative() { 0xff } else { 0 };
        let mut expect = signed_bytes.clone();
        if little {
            expect.resize(len, fill);
        } else {
            let mut v = vec![fill; extra];
            v.extend_from_slice(&signed_bytes);
            expect = v;
        }
        let mut out = vec![0u8; len];
        bytes::to_bytes(a.r(), &mut out, little, true).unwrap();
        prop_assert_eq!(&out, &expect);
        let mut limbs = vec![0; bytes::from_bytes_len(len)];
        let w = bytes::from_bytes(&out, little, true, &mut limbs).unwrap();
        prop_assert_eq!(num_of(w, &limbs), na.clone());
        // one byte too few overflows (unless the value is 0 and len was 1)
        if extra == 0 && !(len == 1 && na.is_zero()) {
            let mut short = vec![0u8; len - 1];
            prop_assert!(bytes::to_bytes(a.r(), &mut short, little, true).is_err());
        }
        // unsigned
        let mut out = vec![0u8; len];
        let r = bytes::to_bytes(a.r(), &mut out, little, false);
        if na.is_negative() {
            prop_assert!(r.is_err());
        } else {
            r.unwrap();
            let w = bytes::from_bytes(&out, little, false, &mut limbs).unwrap();
            prop_assert_eq!(num_of(w, &limbs), na.clone());
        }
        let w = bytes::from_bytes(&out, little, false, &mut limbs).unwrap();
        let raw = if little { BigInt::from_bytes_le(Sign::Plus, &out) } else { BigInt::from_bytes_be(Sign::Plus, &out) };
        prop_assert_eq!(num_of(w, &limbs), raw);
    }

    #[test]
    fn float_conversions(a in big(40), b in nonzero_big(40)) {
        let na = a.num();
        match signed::to_f64(a.r()) {
            Ok(v) => prop_assert_eq!(v, na.to_f64().unwrap()),
            Err(_) => prop_assert!(na.to_f64().unwrap().is_infinite()),
        }
        if let Ok(v) = signed::to_f64(a.r()) {
            let mut out = vec![0; signed::from_f64_len(v).unwrap()];
            let w = signed::from_f64(v, &mut out).unwrap();
            prop_assert_eq!(num_of(w, &out).to_f64().unwrap(), v);
        }
        // true division against an exact reference
        let nb = b.num();
        let mut scratch = vec![0; signed::truediv_scratch_len(a.mag.len(), b.mag.len())];
        let got = signed::truediv(a.r(), b.r(), &mut scratch);
        let (ma, mb) = (na.magnitude().clone(), nb.magnitude().clone());
        let k = 70i64 + mb.bits() as i64 - ma.bits() as i64;
        let (num, den) = if k >= 0 { (ma << (k as usize), mb) } else { (ma, mb << ((-k) as usize)) };
        let q = &num / &den;
        let sticky = !(&num % &den).is_zero();
        let t: num_bigint::BigUint = (q << 1u32) | num_bigint::BigUint::from(sticky as u8);
        let approx = t.to_f64().unwrap();
        let scale = -(k + 1);
        if (-1000..1000).contains(&(scale + t.bits() as i64)) && !na.is_zero() {
            let half = (scale / 2) as i32;
            let expect = approx * 2f64.powi(half) * 2f64.powi(scale as i32 - half);
            let expect = if na.is_negative() != nb.is_negative() { -expect } else { expect };
            prop_assert_eq!(got.unwrap(), expect);
        }
    }

    #[test]
    fn from_f64_truncates(x in any::<f64>()) {
        match signed::from_f64_len(x) {
            Ok(n) => {
                let mut out = vec![0; n];
                let w = signed::from_f64(x, &mut out).unwrap();
                let expect = num_traits::FromPrimitive::from_f64(x.trunc()).unwrap_or(BigInt::zero());
                prop_assert_eq!(num_of(w, &out), expect);
            }
            Err(_) => prop_assert!(!x.is_finite()),
        }
    }
}

fn modinv(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut r0, mut r1) = (m.clone(), a.clone());
    let (mut t0, mut t1) = (BigInt::zero(), BigInt::one());
    while !r1.is_zero() {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        let t2 = &t0 - &q * &t1;
        r0 = r1;
        r1 = r2;
        t0 = t1;
        t1 = t2;
    }
    if !r0.is_one() {
        return None;
    }
    Some(py_divmod(&t0, m).1)
}
