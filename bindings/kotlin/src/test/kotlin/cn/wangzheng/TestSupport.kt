// Shared fixtures of the binding tests: the time, a person who issues fine, an issuer and
// wallets, the error table, a Kotlin Ed25519 signer and a small JSON reader for the manifest.
package cn.wangzheng

import java.io.File
import java.security.KeyPairGenerator
import java.security.Signature
import java.util.concurrent.atomic.AtomicInteger
import kotlin.reflect.KClass
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail

/** 2026-01-01T00:00Z, the time of the fixtures and of the manifest's cases. */
const val NOW: ULong = 1767225600UL

/** The issuer seed of the tests (any 32 bytes). */
val ISSUER_SEED = ByteArray(32) { (it + 1).toByte() }

fun date(year: Int, month: Int, day: Int) = CalendarDate(year.toUShort(), month.toUByte(), day.toUByte())

/** 张三, whose card issues fine at [NOW]. */
fun person() = Person(
    fullName = "张三",
    sex = Sex.MALE,
    ethnicity = 1u,
    birthDate = date(1990, 3, 7),
    address = "北京市东城区景山前街4号",
    idNumber = "110101199003070011",
    issuingAuthority = "北京市公安局东城分局",
    cardValidFrom = date(2020, 1, 1),
    cardValidUntil = date(2040, 1, 1),
)

/** Issues 张三's credential into [wallet] (request, issue, store) and returns what was held. */
fun issueInto(
    wallet: Wallet,
    issuer: Issuer,
    level: Level = Level.LIGHT,
    statusListId: UInt? = null,
    statusIndex: UInt = 0u,
    generation: ULong = 1uL,
): Pair<IssuedCredential, HeldCredential> {
    val nonce = issuer.newNonce()
    val request = wallet.issuanceRequest(level, nonce, NOW)
    val issued = issuer.issue(
        request,
        nonce,
        person(),
        IssueOptions(
            provenLevel = Level.UPGRADED,
            generation = generation,
            ageThresholds = listOf(18u),
            statusListId = statusListId,
            statusIndex = statusIndex,
        ),
        NOW,
    )
    val held = wallet.store(issued.`package`, issuer.publicKey(), NOW)
    assertArrayEquals(issued.credentialId, held.credentialId)
    return issued to held
}

/** A verifier with the default policy (or [policy]) that pins [issuer]'s key. */
fun pinnedVerifier(issuer: Issuer, policy: Policy = defaultPolicy()): Verifier =
    Verifier(policy).also { it.addIssuerKey(issuer.publicKey()) }

// --- errors --------------------------------------------------------------------------------------

/**
 * Every error, by the snake_case code name of docs/FORMAT.md and the manifest: the exception
 * class Kotlin raises and its code number. Written out by hand, so that a renamed variant or a
 * changed number fails the tests.
 */
val ERRORS: Map<String, Pair<KClass<out WangzhengException>, Int>> = linkedMapOf(
    "malformed" to (WangzhengException.Malformed::class to 1),
    "non_canonical" to (WangzhengException.NonCanonical::class to 2),
    "too_large" to (WangzhengException.TooLarge::class to 3),
    "unsupported" to (WangzhengException.Unsupported::class to 4),
    "wrong_kind" to (WangzhengException.WrongKind::class to 5),
    "bad_signature" to (WangzhengException.BadSignature::class to 10),
    "weak_key" to (WangzhengException.WeakKey::class to 11),
    "unknown_issuer" to (WangzhengException.UnknownIssuer::class to 12),
    "device_key_mismatch" to (WangzhengException.DeviceKeyMismatch::class to 13),
    "not_yet_valid" to (WangzhengException.NotYetValid::class to 20),
    "expired" to (WangzhengException.Expired::class to 21),
    "stale_presentation" to (WangzhengException.StalePresentation::class to 22),
    "replayed" to (WangzhengException.Replayed::class to 23),
    "level_too_low" to (WangzhengException.LevelTooLow::class to 30),
    "missing_attribute" to (WangzhengException.MissingAttribute::class to 31),
    "disclosure_mismatch" to (WangzhengException.DisclosureMismatch::class to 32),
    "audience_mismatch" to (WangzhengException.AudienceMismatch::class to 40),
    "nonce_mismatch" to (WangzhengException.NonceMismatch::class to 41),
    "request_mismatch" to (WangzhengException.RequestMismatch::class to 42),
    "revoked" to (WangzhengException.Revoked::class to 50),
    "suspended" to (WangzhengException.Suspended::class to 51),
    "superseded" to (WangzhengException.Superseded::class to 52),
    "status_unavailable" to (WangzhengException.StatusUnavailable::class to 53),
    "trust_list_stale" to (WangzhengException.TrustListStale::class to 60),
    "password_wrong" to (WangzhengException.PasswordWrong::class to 70),
    "password_locked" to (WangzhengException.PasswordLocked::class to 71),
    "face_mismatch" to (WangzhengException.FaceMismatch::class to 72),
    "receipt_mismatch" to (WangzhengException.ReceiptMismatch::class to 73),
    "unknown_credential" to (WangzhengException.UnknownCredential::class to 74),
    "corrupt_store" to (WangzhengException.CorruptStore::class to 80),
    "invalid_argument" to (WangzhengException.InvalidArgument::class to 90),
    "signer_failed" to (WangzhengException.SignerFailed::class to 91),
)

/** The `code` of any variant. Exhaustive: a new variant does not compile until it is named. */
val WangzhengException.code: Int
    get() = when (this) {
        is WangzhengException.Malformed -> code
        is WangzhengException.NonCanonical -> code
        is WangzhengException.TooLarge -> code
        is WangzhengException.Unsupported -> code
        is WangzhengException.WrongKind -> code
        is WangzhengException.BadSignature -> code
        is WangzhengException.WeakKey -> code
        is WangzhengException.UnknownIssuer -> code
        is WangzhengException.DeviceKeyMismatch -> code
        is WangzhengException.NotYetValid -> code
        is WangzhengException.Expired -> code
        is WangzhengException.StalePresentation -> code
        is WangzhengException.Replayed -> code
        is WangzhengException.LevelTooLow -> code
        is WangzhengException.MissingAttribute -> code
        is WangzhengException.DisclosureMismatch -> code
        is WangzhengException.AudienceMismatch -> code
        is WangzhengException.NonceMismatch -> code
        is WangzhengException.RequestMismatch -> code
        is WangzhengException.Revoked -> code
        is WangzhengException.Suspended -> code
        is WangzhengException.Superseded -> code
        is WangzhengException.StatusUnavailable -> code
        is WangzhengException.TrustListStale -> code
        is WangzhengException.PasswordWrong -> code
        is WangzhengException.PasswordLocked -> code
        is WangzhengException.FaceMismatch -> code
        is WangzhengException.ReceiptMismatch -> code
        is WangzhengException.UnknownCredential -> code
        is WangzhengException.CorruptStore -> code
        is WangzhengException.InvalidArgument -> code
        is WangzhengException.SignerFailed -> code
    }

/** The `reason` of any variant. */
val WangzhengException.reason: String
    get() = message!!.substringAfter("reason=")

/** Asserts that [e] is the error named [name] (class and code). */
fun assertError(name: String, e: Throwable, context: String = "") {
    val (cls, number) = ERRORS[name] ?: fail("$context: no error named $name in the table")
    assertTrue(cls.isInstance(e), "$context: expected ${cls.simpleName}, got $e")
    assertEquals(number, (e as WangzhengException).code, "$context: code of $e")
}

/** Runs [block], which must throw the error named [name]; returns it. */
inline fun expectError(name: String, context: String = "", block: () -> Unit): WangzhengException {
    val e = try {
        block()
        null
    } catch (t: Throwable) {
        t
    }
    if (e == null) fail<Unit>("$context: expected $name, but nothing was thrown")
    assertError(name, e!!, context)
    return e as WangzhengException
}

// --- presentations -------------------------------------------------------------------------------

/** Field-by-field equality: the generated data classes compare ByteArray fields by identity. */
fun assertSamePresentation(a: VerifiedPresentation, b: VerifiedPresentation, context: String = "") {
    assertEquals(a.level, b.level, context)
    assertArrayEquals(a.credentialId, b.credentialId, context)
    assertArrayEquals(a.issuerKeyId, b.issuerKeyId, context)
    assertEquals(a.generation, b.generation, context)
    assertEquals(a.issuedAt, b.issuedAt, context)
    assertEquals(a.expiresAt, b.expiresAt, context)
    assertEquals(a.presentedAt, b.presentedAt, context)
    assertEquals(a.freshUntil, b.freshUntil, context)
    assertEquals(a.statusCheck, b.statusCheck, context)
    assertEquals(a.audience, b.audience, context)
    assertEquals(a.attributes.map { it.name }, b.attributes.map { it.name }, context)
    for ((x, y) in a.attributes.zip(b.attributes)) {
        assertEquals(valueJson(x.value), valueJson(y.value), "$context: ${x.name}")
    }
}

/** The manifest's JSON form of a disclosed value (tests/vectors/README.md). */
fun valueJson(v: AttributeValue): Any? = when (v) {
    is AttributeValue.Text -> v.value
    is AttributeValue.Sex -> if (v.value == Sex.MALE) "male" else "female"
    is AttributeValue.Ethnicity -> v.code.toLong()
    is AttributeValue.Date -> dateText(v.value)
    is AttributeValue.CardValidity -> mapOf("from" to dateText(v.from), "until" to v.until?.let(::dateText))
    is AttributeValue.Portrait -> hex(v.jpeg)
    is AttributeValue.Bool -> v.value
    is AttributeValue.Integer -> v.value
    is AttributeValue.Bytes -> hex(v.value)
}

fun dateText(d: CalendarDate) = "%04d-%02d-%02d".format(d.year.toInt(), d.month.toInt(), d.day.toInt())

fun VerifiedPresentation.disclosed(): Map<String, Any?> = attributes.associate { it.name to valueJson(it.value) }

// --- signers -------------------------------------------------------------------------------------

/**
 * A device signer written in Kotlin with the JDK's own Ed25519 (JDK 15+), standing in for the
 * Android Keystore. Counts its signatures.
 */
class JdkEd25519Signer : DeviceSigner {
    private val keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
    val signatures = AtomicInteger()

    override fun publicKey(): ByteArray {
        // The X.509 SubjectPublicKeyInfo of an Ed25519 key ends with the raw 32-byte key.
        val spki = keyPair.public.encoded
        return spki.copyOfRange(spki.size - 32, spki.size)
    }

    override fun sign(message: ByteArray): ByteArray {
        signatures.incrementAndGet()
        return Signature.getInstance("Ed25519").run {
            initSign(keyPair.private)
            update(message)
            sign()
        }
    }
}

/** A signer that delegates to [inner] until [refuse] is set, then throws [failure]. */
class SwitchableSigner(
    private val inner: DeviceSigner,
    private val failure: () -> Exception,
) : DeviceSigner {
    @Volatile var refuse = false
    val attempts = AtomicInteger()
    override fun publicKey(): ByteArray = inner.publicKey()
    override fun sign(message: ByteArray): ByteArray {
        attempts.incrementAndGet()
        if (refuse) throw failure()
        return inner.sign(message)
    }
}

// --- files, hex, JSON ----------------------------------------------------------------------------

/** The repository root: `-Dwangzheng.root`, or found upwards from the working directory. */
val ROOT: File by lazy {
    System.getProperty("wangzheng.root")?.let { return@lazy File(it) }
    var dir: File? = File("").absoluteFile
    while (dir != null && !File(dir, "tests/vectors/manifest.json").isFile) dir = dir.parentFile
    dir ?: error("tests/vectors/manifest.json not found above ${File("").absolutePath}")
}

fun vector(rel: String): ByteArray = File(ROOT, "tests/vectors/$rel").readBytes()

fun hex(b: ByteArray): String = b.joinToString("") { "%02x".format(it.toInt() and 0xff) }

fun unhex(s: String): ByteArray {
    require(s.length % 2 == 0) { "odd hex" }
    return ByteArray(s.length / 2) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
}

/**
 * A strict little JSON reader (objects → Map, arrays → List, integers → Long, other numbers →
 * Double): enough for manifest.json, without a dependency.
 */
class Json private constructor(private val s: String) {
    private var i = 0

    companion object {
        fun parse(text: String): Any? {
            val p = Json(text)
            val v = p.value()
            p.ws()
            require(p.i == text.length) { "trailing text at ${p.i}" }
            return v
        }
    }

    private fun ws() {
        while (i < s.length && s[i] in " \t\r\n") i++
    }

    private fun value(): Any? {
        ws()
        require(i < s.length) { "unexpected end" }
        return when (s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> lit("true", true)
            'f' -> lit("false", false)
            'n' -> lit("null", null)
            else -> num()
        }
    }

    private fun lit(word: String, v: Any?): Any? {
        require(s.startsWith(word, i)) { "bad literal at $i" }
        i += word.length
        return v
    }

    private fun obj(): Map<String, Any?> {
        val m = LinkedHashMap<String, Any?>()
        i++
        ws()
        if (s[i] == '}') { i++; return m }
        while (true) {
            ws()
            val k = str()
            ws()
            require(s[i++] == ':') { "expected : at ${i - 1}" }
            require(!m.containsKey(k)) { "duplicate key $k" }
            m[k] = value()
            ws()
            when (s[i++]) {
                ',' -> continue
                '}' -> return m
                else -> error("expected , or } at ${i - 1}")
            }
        }
    }

    private fun arr(): List<Any?> {
        val l = ArrayList<Any?>()
        i++
        ws()
        if (s[i] == ']') { i++; return l }
        while (true) {
            l.add(value())
            ws()
            when (s[i++]) {
                ',' -> continue
                ']' -> return l
                else -> error("expected , or ] at ${i - 1}")
            }
        }
    }

    private fun str(): String {
        require(s[i] == '"') { "expected string at $i" }
        i++
        val b = StringBuilder()
        while (true) {
            val c = s[i++]
            when (c) {
                '"' -> return b.toString()
                '\\' -> when (val e = s[i++]) {
                    '"', '\\', '/' -> b.append(e)
                    'b' -> b.append('\b')
                    'f' -> b.append('\u000c')
                    'n' -> b.append('\n')
                    'r' -> b.append('\r')
                    't' -> b.append('\t')
                    'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                    else -> error("bad escape at ${i - 1}")
                }
                else -> b.append(c)
            }
        }
    }

    private fun num(): Any {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
        val t = s.substring(start, i)
        require(t.isNotEmpty()) { "unexpected ${s[start]} at $start" }
        return t.toLongOrNull() ?: t.toDouble()
    }
}
