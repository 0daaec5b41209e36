// The main flows through the binding: issue, store, present and verify; QR; request and
// response; a device signer written in Kotlin; a signer that fails.
package cn.wangzheng

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class FlowTest {
    private val issuer = Issuer.fromSeed(ISSUER_SEED)

    @Test
    fun `issue, store, present and verify with the disclosed values`() {
        Wallet.withSoftwareKey().use { wallet ->
            val (issued, held) = issueInto(wallet, issuer)
            assertEquals(16, held.credentialId.size)
            assertEquals(Level.LIGHT, held.level)
            assertEquals(1uL, held.generation)
            assertEquals(NOW, held.issuedAt)
            assertEquals(issued.expiresAt, held.expiresAt)
            assertNull(held.statusListId)
            assertTrue(held.attributes.containsAll(listOf("full_name", "id_number", "age_over_18")), "${held.attributes}")
            assertEquals(1, wallet.credentials().size)

            val presentation = wallet.present(listOf("full_name", "sex", "birth_date", "card_validity", "age_over_18"), NOW)
            pinnedVerifier(issuer).use { verifier ->
                val v = verifier.verify(presentation, NOW)
                assertEquals(Level.LIGHT, v.level)
                assertArrayEquals(held.credentialId, v.credentialId)
                assertArrayEquals(held.issuerKeyId, v.issuerKeyId)
                assertEquals(NOW, v.presentedAt)
                assertEquals(StatusCheck.NOT_PUBLISHED, v.statusCheck)
                assertNull(v.audience)
                assertEquals(
                    mapOf(
                        "full_name" to "张三",
                        "sex" to "male",
                        "birth_date" to "1990-03-07",
                        "card_validity" to mapOf("from" to "2020-01-01", "until" to "2040-01-01"),
                        "age_over_18" to true,
                    ),
                    v.disclosed(),
                )
                // The typed values, not only their JSON form.
                val byName = v.attributes.associate { it.name to it.value }
                assertEquals(AttributeValue.Text("张三"), byName["full_name"])
                assertEquals(AttributeValue.Sex(Sex.MALE), byName["sex"])
                assertEquals(AttributeValue.Date(date(1990, 3, 7)), byName["birth_date"])
                assertEquals(AttributeValue.CardValidity(date(2020, 1, 1), date(2040, 1, 1)), byName["card_validity"])
                assertEquals(AttributeValue.Bool(true), byName["age_over_18"])

                // "I am me": nothing disclosed.
                val bare = verifier.verify(wallet.present(listOf(), NOW), NOW)
                assertEquals(emptyList<Attribute>(), bare.attributes)
                assertArrayEquals(held.credentialId, bare.credentialId)
            }
        }
    }

    @Test
    fun `presentQr and verifyQr round trip, and a second scan is Replayed`() {
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            val text = wallet.presentQr(listOf("age_over_18"), NOW)
            assertTrue(text.startsWith("WZ1:"), text)
            assertTrue(text.all { it.code in 0x20..0x7e }, "QR text is printable ASCII")
            pinnedVerifier(issuer).use { verifier ->
                assertEquals(0uL, verifier.replayCacheLen())
                val v = verifier.verifyQr(text, NOW + 5uL)
                assertEquals(mapOf<String, Any?>("age_over_18" to true), v.disclosed())
                assertEquals(1uL, verifier.replayCacheLen())
                expectError("replayed", "second scan") { verifier.verifyQr(text, NOW + 6uL) }
                assertEquals(1uL, verifier.replayCacheLen())
                // verify() does not consult the cache; verifyOnce() does.
                val bytes = qrDecode(text)
                verifier.verify(bytes, NOW + 7uL)
                expectError("replayed", "verifyOnce after verifyQr") { verifier.verifyOnce(bytes, NOW + 7uL) }
                // A fresh QR code from the same wallet is another presentation.
                verifier.verifyQr(wallet.presentQr(listOf("age_over_18"), NOW + 10uL), NOW + 10uL)
                assertEquals(2uL, verifier.replayCacheLen())
                expectError("malformed", "not a wangzheng QR code") { verifier.verifyQr("https://example.com/", NOW) }
            }
        }
    }

    @Test
    fun `respond to a createRequest and verifyResponse`() {
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            val terminal = generateSoftwareSigner()
            val audience = "hotel.example/desk-1"
            pinnedVerifier(issuer, defaultPolicy().copy(audience = audience)).use { verifier ->
                val params = RequestParams(verifierId = audience, requested = listOf("full_name", "id_number"), minLevel = Level.LIGHT)
                val request = verifier.createRequest(params, terminal, NOW)
                val response = wallet.respond(request, NOW + 3uL)
                val v = verifier.verifyResponse(response, request, NOW + 4uL)
                assertEquals(audience, v.audience)
                assertEquals(mapOf("full_name" to "张三", "id_number" to "110101199003070011"), v.disclosed())
                // Another request has another nonce.
                val other = verifier.createRequest(params, terminal, NOW)
                assertFalse(request.contentEquals(other))
                expectError("nonce_mismatch", "answer to another request") { verifier.verifyResponse(response, other, NOW + 4uL) }
                // A request for more than the credential's level.
                val strict = verifier.createRequest(params.copy(minLevel = Level.UPGRADED), terminal, NOW)
                expectError("level_too_low", "light wallet, upgraded request") { wallet.respond(strict, NOW) }
            }
            // Offered as a QR presentation to a verifier with no audience.
            pinnedVerifier(issuer).use { plain ->
                val response = wallet.respond(
                    plain.createRequest(RequestParams(audience, listOf(), Level.LIGHT), terminal, NOW),
                    NOW,
                )
                expectError("audience_mismatch", "response as QR") { plain.verify(response, NOW) }
            }
        }
    }

    @Test
    fun `a wallet around a Kotlin Ed25519 signer presents and is accepted`() {
        val signer = JdkEd25519Signer()
        Wallet(signer).use { wallet ->
            assertArrayEquals(signer.publicKey(), wallet.devicePublicKey())
            issueInto(wallet, issuer)
            assertEquals(1, signer.signatures.get(), "the issuance request is signed by the Kotlin signer")
            val v = pinnedVerifier(issuer).use { it.verifyOnce(wallet.present(listOf("full_name"), NOW), NOW) }
            assertEquals(mapOf<String, Any?>("full_name" to "张三"), v.disclosed())
            assertEquals(2, signer.signatures.get(), "the presentation is signed by the Kotlin signer")
            // And as a terminal key for requests.
            val terminal = JdkEd25519Signer()
            pinnedVerifier(issuer, defaultPolicy().copy(audience = "bank.example/1")).use { verifier ->
                val request = verifier.createRequest(RequestParams("bank.example/1", listOf("id_number"), Level.LIGHT), terminal, NOW)
                assertEquals(1, terminal.signatures.get())
                verifier.verifyResponse(wallet.respond(request, NOW), request, NOW)
            }
        }
    }

    @Test
    fun `a signer that throws gives SignerFailed and changes nothing`() {
        for ((label, failure) in listOf<Pair<String, () -> Exception>>(
            "RuntimeException" to { RuntimeException("user cancelled, secret 4711") },
            "SignerFailed" to { WangzhengException.SignerFailed(91, "cancelled") },
            "another WangzhengException" to { WangzhengException.InvalidArgument(90, "other") },
        )) {
            val signer = SwitchableSigner(softwareSignerFromSeed(ByteArray(32) { 7 }), failure)
            Wallet(signer).use { wallet ->
                val (_, held) = issueInto(wallet, issuer)
                signer.refuse = true
                val e = expectError("signer_failed", label) { wallet.present(listOf("full_name"), NOW) }
                assertFalse(e.reason.contains("4711"), "the app's message is not passed on: ${e.reason}")
                expectError("signer_failed", "$label: issuance request") {
                    wallet.issuanceRequest(Level.LIGHT, issuer.newNonce(), NOW)
                }
                expectError("signer_failed", "$label: respond") {
                    val req = Verifier(defaultPolicy()).use {
                        it.createRequest(RequestParams("x.example/1", listOf(), Level.LIGHT), generateSoftwareSigner(), NOW)
                    }
                    wallet.respond(req, NOW)
                }
                assertTrue(signer.attempts.get() >= 4, "the signer was asked")
                // Nothing changed: the same credential, and presenting works again.
                val after = wallet.credentials()
                assertEquals(1, after.size)
                assertArrayEquals(held.credentialId, after[0].credentialId)
                signer.refuse = false
                pinnedVerifier(issuer).use { it.verify(wallet.present(listOf("full_name"), NOW), NOW) }
            }
            // A refusing terminal key.
            val terminal = SwitchableSigner(generateSoftwareSigner(), failure).also { it.refuse = true }
            Verifier(defaultPolicy()).use { v ->
                expectError("signer_failed", "$label: createRequest") {
                    v.createRequest(RequestParams("x.example/1", listOf(), Level.LIGHT), terminal, NOW)
                }
            }
        }
    }

    @Test
    fun `a signer with a bad signature length or public key is refused`() {
        val good = softwareSignerFromSeed(ByteArray(32) { 3 })
        val shortSignature = object : DeviceSigner {
            override fun publicKey() = good.publicKey()
            override fun sign(message: ByteArray) = good.sign(message).copyOf(63)
        }
        Wallet(shortSignature).use { wallet ->
            expectError("signer_failed", "63-byte signature") { wallet.issuanceRequest(Level.LIGHT, ByteArray(16), NOW) }
        }
        // A keystore whose key changed under the wallet: well-formed signatures by another key.
        val other = softwareSignerFromSeed(ByteArray(32) { 4 })
        val wrongKey = object : DeviceSigner {
            override fun publicKey() = good.publicKey()
            override fun sign(message: ByteArray) = other.sign(message)
        }
        Wallet(wrongKey).use { wallet ->
            expectError("signer_failed", "signature by another key") { wallet.issuanceRequest(Level.LIGHT, ByteArray(16), NOW) }
        }
        val shortKey = object : DeviceSigner {
            override fun publicKey() = good.publicKey().copyOf(31)
            override fun sign(message: ByteArray) = good.sign(message)
        }
        expectError("invalid_argument", "31-byte public key") { Wallet(shortKey) }
        val smallOrder = object : DeviceSigner {
            // The identity point: a small-order key.
            override fun publicKey() = ByteArray(32).also { it[0] = 1 }
            override fun sign(message: ByteArray) = ByteArray(64)
        }
        expectError("weak_key", "small-order public key") { Wallet(smallOrder) }
        // A signer whose publicKey() throws (a locked keystore): SignerFailed, and the app's
        // exception text does not travel with it.
        val throwingKey = object : DeviceSigner {
            override fun publicKey(): ByteArray = throw IllegalStateException("keystore locked")
            override fun sign(message: ByteArray) = good.sign(message)
        }
        val e = expectError("signer_failed", "publicKey() throws") { Wallet(throwingKey) }
        assertFalse(e.toString().contains("keystore locked"))
    }
}
