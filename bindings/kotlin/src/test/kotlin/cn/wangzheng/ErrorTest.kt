// The error variants that have no vector on the wire, triggered through the API, each checked
// for its exception class and code.
package cn.wangzheng

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class ErrorTest {
    private val issuer = Issuer.fromSeed(ISSUER_SEED)

    @Test
    fun `InvalidArgument for unknown names and wrong lengths`() {
        Wallet.withSoftwareKey().use { wallet ->
            expectError("invalid_argument", "present from an empty wallet") { wallet.present(listOf(), NOW) }
            issueInto(wallet, issuer)
            val e = expectError("invalid_argument", "unknown attribute") { wallet.present(listOf("shoe_size"), NOW) }
            assertEquals(90, e.code)
            expectError("invalid_argument", "repeated attribute") { wallet.present(listOf("full_name", "full_name"), NOW) }
            expectError("invalid_argument", "15-byte nonce") { wallet.issuanceRequest(Level.LIGHT, ByteArray(15), NOW) }
            expectError("invalid_argument", "31-byte issuer key") { wallet.store(ByteArray(10), ByteArray(31), NOW) }
            expectError("invalid_argument", "31-byte storage key") { wallet.export(ByteArray(31)) }
            // A wallet is unchanged by all of it.
            assertEquals(1, wallet.credentials().size)
        }
        expectError("invalid_argument", "unknown required attribute") { Verifier(defaultPolicy().copy(required = listOf("shoe_size"))) }
        expectError("invalid_argument", "replay capacity 0") { Verifier(defaultPolicy().copy(replayCapacity = 0u)) }
        Verifier(defaultPolicy()).use { v ->
            expectError("invalid_argument", "31-byte issuer key") { v.addIssuerKey(ByteArray(31)) }
            expectError("invalid_argument", "33-byte issuer key") { v.addIssuerKey(ByteArray(33)) }
            expectError("invalid_argument", "empty verifier id") {
                v.createRequest(RequestParams("", listOf(), Level.LIGHT), generateSoftwareSigner(), NOW)
            }
            expectError("invalid_argument", "update a trust list without a root") { v.updateTrustList(vector("trust_list/current.cbor")) }
        }
        expectError("invalid_argument", "31-byte seed") { softwareSignerFromSeed(ByteArray(31)) }
        expectError("invalid_argument", "31-byte issuer seed") { Issuer.fromSeed(ByteArray(31)) }
        expectError("invalid_argument", "31-byte storage key") { Wallet.restore(ByteArray(100), ByteArray(31), null) }
        expectError("invalid_argument", "index out of range") {
            issuer.signStatusList(1u, 8u, listOf(StatusEntry(8u, CredentialState.REVOKED)), NOW, NOW + 60uL)
        }
    }

    @Test
    fun `WeakKey for a small-order issuer key`() {
        Verifier(defaultPolicy()).use { v ->
            val identity = ByteArray(32).also { it[0] = 1 }
            expectError("weak_key", "identity point") { v.addIssuerKey(identity) }
        }
    }

    @Test
    fun `CorruptStore for garbage, a flipped bit and another storage key`() {
        val key = generateStorageKey()
        assertEquals(32, key.size)
        expectError("corrupt_store", "garbage") { Wallet.restore(ByteArray(200) { it.toByte() }, key, null) }
        expectError("corrupt_store", "empty") { Wallet.restore(ByteArray(0), key, null) }
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            val store = wallet.export(key)
            for (i in listOf(0, store.size / 2, store.size - 1)) {
                val flipped = store.copyOf().also { it[i] = (it[i].toInt() xor 1).toByte() }
                expectError("corrupt_store", "bit flipped at $i") { Wallet.restore(flipped, key, null) }
            }
            expectError("corrupt_store", "another storage key") { Wallet.restore(store, generateStorageKey(), null) }
            expectError("corrupt_store", "truncated") { Wallet.restore(store.copyOf(store.size - 1), key, null) }
            // The intact store still restores.
            Wallet.restore(store, key, null).close()
        }
        // The committed damaged stores.
        expectError("corrupt_store", "wallet_store/flipped-bit") {
            Wallet.restore(vector("wallet_store/flipped-bit.cbor"), ByteArray(32), null)
        }
    }

    @Test
    fun `DeviceKeyMismatch for restoring with another signer, and storing another device's credential`() {
        val key = generateStorageKey()
        val signer = JdkEd25519Signer()
        Wallet(signer).use { wallet ->
            issueInto(wallet, issuer)
            val store = wallet.export(key)
            expectError("device_key_mismatch", "restore with another signer") { Wallet.restore(store, key, JdkEd25519Signer()) }
            expectError("device_key_mismatch", "restore with a software signer") { Wallet.restore(store, key, generateSoftwareSigner()) }
            Wallet.restore(store, key, signer).use { assertArrayEquals(signer.publicKey(), it.devicePublicKey()) }
        }
        // A package issued to wallet A, stored by wallet B.
        Wallet.withSoftwareKey().use { a ->
            Wallet.withSoftwareKey().use { b ->
                val nonce = issuer.newNonce()
                val issued = issuer.issue(
                    a.issuanceRequest(Level.LIGHT, nonce, NOW), nonce, person(),
                    IssueOptions(provenLevel = Level.LIGHT, ageThresholds = listOf()), NOW,
                )
                expectError("device_key_mismatch", "another device's package") { b.store(issued.`package`, issuer.publicKey(), NOW) }
                assertTrue(b.credentials().isEmpty())
                a.store(issued.`package`, issuer.publicKey(), NOW)
            }
        }
    }

    @Test
    fun `issuance refusals arrive as their variants`() {
        Wallet.withSoftwareKey().use { wallet ->
            val nonce = issuer.newNonce()
            val request = wallet.issuanceRequest(Level.UPGRADED, nonce, NOW)
            val options = IssueOptions(provenLevel = Level.LIGHT, ageThresholds = listOf())
            expectError("level_too_low", "upgraded asked, light proven") { issuer.issue(request, nonce, person(), options, NOW) }
            expectError("nonce_mismatch", "another nonce") {
                issuer.issue(request, issuer.newNonce(), person(), options.copy(provenLevel = Level.UPGRADED), NOW)
            }
            expectError("invalid_argument", "expired card") {
                issuer.issue(
                    request, nonce, person().copy(cardValidUntil = date(2025, 1, 1)),
                    options.copy(provenLevel = Level.UPGRADED), NOW,
                )
            }
            expectError("invalid_argument", "age threshold 274 (not truncated to 18)") {
                issuer.issue(request, nonce, person(), options.copy(provenLevel = Level.UPGRADED, ageThresholds = listOf(274u)), NOW)
            }
            val other = Issuer.fromSeed(ByteArray(32) { 99 })
            val issued = issuer.issue(request, nonce, person(), options.copy(provenLevel = Level.UPGRADED), NOW)
            expectError("unknown_issuer", "store with another issuer's key") { wallet.store(issued.`package`, other.publicKey(), NOW) }
            assertTrue(wallet.credentials().isEmpty())
        }
    }

    @Test
    fun `reasons carry no personal data and the exception message names code and reason`() {
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            val p = wallet.present(listOf("full_name", "id_number"), NOW)
            val e = expectError("missing_attribute", "required address") {
                pinnedVerifier(issuer, defaultPolicy().copy(required = listOf("address"))).use { it.verify(p, NOW) }
            }
            assertTrue(e.message!!.startsWith("code=31, reason="), e.message)
            for (secret in listOf("张三", "110101199003070011")) assertFalse(e.message!!.contains(secret))
        }
    }
}
