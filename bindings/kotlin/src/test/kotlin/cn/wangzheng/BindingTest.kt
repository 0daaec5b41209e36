// The binding machinery itself: batches, byte arrays, object lifetimes, threads.
package cn.wangzheng

import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

class BindingTest {
    private val issuer = Issuer.fromSeed(ISSUER_SEED)

    /** The key of the committed vectors' issuer. */
    private val vectorIssuer = unhex("d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737")

    @Test
    fun `verifyBatch gives the verdicts of verify, in order`() {
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            pinnedVerifier(issuer).use { verifier ->
                verifier.addIssuerKey(vectorIssuer)
                val inputs = listOf(
                    wallet.present(listOf("full_name"), NOW),
                    vector("presentation/internet-cafe.cbor"),
                    vector("presentation/truncated.cbor"),
                    vector("presentation/portrait.cbor"),
                    vector("presentation/non-canonical-integer.cbor"),
                    vector("presentation/too-large.cbor"),
                    vector("presentation/bad-device-signature.cbor"),
                    vector("presentation/expired.cbor"),
                    vector("presentation/hotel.cbor"),
                    ByteArray(0),
                    Random(1).nextBytes(300),
                    wallet.present(listOf(), NOW - 10uL),
                )
                val verdicts = verifier.verifyBatch(inputs, NOW)
                assertEquals(inputs.size, verdicts.size)
                var accepted = 0
                var refused = 0
                for ((i, pair) in inputs.zip(verdicts).withIndex()) {
                    val (input, verdict) = pair
                    val single = runCatching { verifier.verify(input, NOW) }
                    when (verdict) {
                        is BatchVerdict.Accepted -> {
                            accepted++
                            assertSamePresentation(single.getOrElse { fail("input $i: batch accepted, verify threw $it") }, verdict.presentation, "input $i")
                        }
                        is BatchVerdict.Refused -> {
                            refused++
                            val e = single.exceptionOrNull() ?: fail("input $i: batch refused ${verdict.error}, verify accepted")
                            assertEquals(e.javaClass, verdict.error.javaClass, "input $i")
                            assertEquals((e as WangzhengException).code, verdict.error.code, "input $i")
                            assertEquals(e.reason, verdict.error.reason, "input $i")
                        }
                    }
                }
                assertEquals(4, accepted)
                assertEquals(8, refused)
                assertEquals(emptyList<BatchVerdict>(), verifier.verifyBatch(listOf(), NOW))
                assertEquals(0uL, verifier.replayCacheLen(), "verifyBatch does not record")
            }
        }
    }

    @Test
    fun `byte arrays round-trip exactly`() {
        val all = ByteArray(256) { it.toByte() }
        val text = qrEncode(all)
        assertTrue(text.startsWith("WZ1:"))
        assertArrayEquals(all, qrDecode(text))
        assertArrayEquals(ByteArray(0), qrDecode(qrEncode(ByteArray(0))))
        val random = Random(20260101)
        for (n in listOf(1, 2, 3, 255, 257, 1000, 4096)) {
            val b = random.nextBytes(n)
            assertArrayEquals(b, qrDecode(qrEncode(b)), "$n bytes")
        }
        // Every value in every position of a short array.
        for (v in 0..255) {
            val b = byteArrayOf(v.toByte(), 0, (255 - v).toByte())
            assertArrayEquals(b, qrDecode(qrEncode(b)), "value $v")
        }
        expectError("malformed", "no WZ prefix") { qrDecode("hello") }
        expectError("unsupported", "another QR text version") { qrDecode("WZ2:00") }
        expectError("malformed", "not base45") { qrDecode("WZ1:生日") }
        // Keys and seeds with high bytes survive the trip into Rust and back.
        val seed = ByteArray(32) { (0xff - it).toByte() }
        assertArrayEquals(softwareSignerFromSeed(seed).publicKey(), Issuer.fromSeed(seed).publicKey())
    }

    @Test
    fun `strings with any Unicode round-trip through the credential`() {
        val name = "𠮷野家 Ñandú \u0000末"
        Wallet.withSoftwareKey().use { wallet ->
            val nonce = issuer.newNonce()
            val issued = runCatching {
                issuer.issue(
                    wallet.issuanceRequest(Level.LIGHT, nonce, NOW), nonce,
                    person().copy(address = name), IssueOptions(provenLevel = Level.LIGHT, ageThresholds = listOf()), NOW,
                )
            }
            // The issuer may refuse a control character; then a name without it must pass.
            val (address, pkg) = issued.fold(
                { name to it.`package` },
                {
                    assertError("invalid_argument", it, "control character")
                    val clean = name.replace("\u0000", "")
                    val n2 = issuer.newNonce()
                    clean to issuer.issue(
                        wallet.issuanceRequest(Level.LIGHT, n2, NOW), n2,
                        person().copy(address = clean), IssueOptions(provenLevel = Level.LIGHT, ageThresholds = listOf()), NOW,
                    ).`package`
                },
            )
            wallet.store(pkg, issuer.publicKey(), NOW)
            val v = pinnedVerifier(issuer).use { it.verify(wallet.present(listOf("address"), NOW), NOW) }
            assertEquals(AttributeValue.Text(address), v.attributes.single().value)
        }
    }

    @Test
    fun `objects close, and a closed object throws IllegalStateException`() {
        val wallet = Wallet.withSoftwareKey()
        val key = wallet.use { it.devicePublicKey() }
        assertEquals(32, key.size)
        assertTrue(wallet.uniffiIsDestroyed)
        assertThrows(IllegalStateException::class.java) { wallet.devicePublicKey() }
        assertThrows(IllegalStateException::class.java) { wallet.present(listOf(), NOW) }

        val verifier = Verifier(defaultPolicy())
        verifier.close()
        verifier.close() // a second close is harmless
        assertThrows(IllegalStateException::class.java) { verifier.replayCacheLen() }
        assertThrows(IllegalStateException::class.java) { verifier.verify(ByteArray(0), NOW) }

        val issuer2 = Issuer.fromSeed(ISSUER_SEED)
        issuer2.destroy()
        assertThrows(IllegalStateException::class.java) { issuer2.publicKey() }

        val signer = generateSoftwareSigner()
        assertTrue(signer is AutoCloseable, "a library signer is closeable")
        (signer as AutoCloseable).close()
        assertThrows(IllegalStateException::class.java) { signer.publicKey() }

        // Objects that are still open keep working, and AutoCloseable works with Java-style use.
        Wallet.withSoftwareKey().use { w -> assertEquals(32, w.devicePublicKey().size) }
        (Verifier(defaultPolicy()) as AutoCloseable).use { assertEquals(0uL, (it as Verifier).replayCacheLen()) }
    }

    @Test
    fun `a closed object passed in stays usable through the object that holds it`() {
        // The Rust side keeps its own reference: a wallet made around a library signer works
        // after the app closed its handle to that signer.
        val signer = softwareSignerFromSeed(ByteArray(32) { 11 })
        val expected = signer.publicKey()
        Wallet(signer).use { wallet ->
            (signer as AutoCloseable).close()
            assertArrayEquals(expected, wallet.devicePublicKey())
            issueInto(wallet, issuer)
            pinnedVerifier(issuer).use { it.verify(wallet.present(listOf(), NOW), NOW) }
        }
    }

    @Test
    fun `8 threads share one verifier and one wallet`() {
        val threads = 8
        val perThread = 25
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            pinnedVerifier(issuer).use { verifier ->
                val pool = Executors.newFixedThreadPool(threads)
                try {
                    // Concurrent presents on one wallet at 100 different seconds after issuance,
                    // all inside the verifier's window at NOW + 100.
                    val start = CountDownLatch(1)
                    val made = Collections.synchronizedList(ArrayList<ByteArray>())
                    val presents = (0 until threads).map { t ->
                        pool.submit {
                            start.await()
                            for (k in 0 until perThread) {
                                made += wallet.present(listOf("age_over_18"), NOW + (t * perThread + k).toULong() % 100uL)
                            }
                        }
                    }
                    start.countDown()
                    presents.forEach { it.get(120, TimeUnit.SECONDS) }
                    assertEquals(threads * perThread, made.size)
                    val distinct = made.map { hex(it) }.toSet()
                    assertTrue(distinct.size >= 100, "at least one distinct presentation per second: ${distinct.size}")

                    // Concurrent verifications of all of them, plain and once.
                    val verified = AtomicInteger()
                    val firstShowings = AtomicInteger()
                    val replays = AtomicInteger()
                    val go = CountDownLatch(1)
                    val jobs = (0 until threads).map { t ->
                        pool.submit {
                            go.await()
                            for (k in 0 until perThread) {
                                val p = made[t * perThread + k]
                                val v = verifier.verify(p, NOW + 100uL)
                                if (v.disclosed() != mapOf<String, Any?>("age_over_18" to true)) error("wrong disclosure")
                                verified.incrementAndGet()
                                try {
                                    verifier.verifyOnce(p, NOW + 100uL)
                                    firstShowings.incrementAndGet()
                                } catch (e: WangzhengException.Replayed) {
                                    replays.incrementAndGet()
                                }
                            }
                        }
                    }
                    go.countDown()
                    jobs.forEach { it.get(120, TimeUnit.SECONDS) }
                    assertEquals(threads * perThread, verified.get())
                    assertEquals(distinct.size, firstShowings.get(), "each distinct presentation accepted once")
                    assertEquals(threads * perThread - distinct.size, replays.get())
                    assertEquals(distinct.size.toULong(), verifier.replayCacheLen())
                } finally {
                    pool.shutdownNow()
                }
            }
        }
    }

    @Test
    fun `presentations are deterministic per second and differ across seconds`() {
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            val a = wallet.present(listOf("full_name"), NOW)
            val b = wallet.present(listOf("full_name"), NOW)
            val c = wallet.present(listOf("full_name"), NOW + 1uL)
            assertFalse(a.contentEquals(c))
            // Whether a == b is the core's choice; the replay cache must treat equal bytes as one.
            pinnedVerifier(issuer).use { v ->
                v.verifyOnce(a, NOW + 1uL)
                if (a.contentEquals(b)) expectError("replayed", "same bytes") { v.verifyOnce(b, NOW + 1uL) } else v.verifyOnce(b, NOW + 1uL)
                v.verifyOnce(c, NOW + 1uL)
            }
        }
    }

    @Test
    fun `version is MAJOR_MINOR_PATCH`() {
        assertTrue(Regex("""\d+\.\d+\.\d+""").matches(version()), version())
    }
}
