package cn.wangzheng

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Test

/**
 * Records cross as Kotlin data classes whose toString(), equals() and hashCode() are Rust's
 * (`#[uniffi::export(Debug, Eq, Hash)]`): printing one never shows personal data, and byte
 * arrays compare by content.
 */
class HygieneTest {
    private val secrets = listOf("张三", "110101199003070011", "北京市东城区景山前街4号", "北京市公安局东城分局")

    private fun assertClean(text: String, what: String) {
        for (s in secrets) assertFalse(text.contains(s), "$what prints personal data: $text")
    }

    @Test
    fun recordsNeverPrintPersonalData() {
        val issuer = Issuer.fromSeed(ISSUER_SEED)
        Wallet.withSoftwareKey().use { wallet ->
            val (issued, held) = issueInto(wallet, issuer)
            pinnedVerifier(issuer).use { verifier ->
                val v = verifier.verify(wallet.present(listOf("full_name", "id_number", "address"), NOW), NOW)
                assertEquals(3, v.attributes.size)
                assertClean(v.toString(), "VerifiedPresentation")
                v.attributes.forEach { assertClean(it.toString(), "Attribute"); assertClean(it.value.toString(), "AttributeValue") }
                assertClean(person().toString(), "Person")
                assertClean(issued.toString(), "IssuedCredential")
                assertClean(held.toString(), "HeldCredential")
                // The names are there: the string is useful, not empty.
                assertFalse(!v.toString().contains("full_name"), v.toString())
            }
            issuer.close()
        }
    }

    @Test
    fun recordsCompareByContent() {
        val issuer = Issuer.fromSeed(ISSUER_SEED)
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer)
            val a = wallet.credentials()
            val b = wallet.credentials()
            assertEquals(a, b) // different ByteArray instances, same content
            assertEquals(a.hashCode(), b.hashCode())
            val changed = a[0].copy(credentialId = a[0].credentialId.copyOf().also { it[0] = (it[0] + 1).toByte() })
            assertNotEquals(a[0], changed)
        }
        issuer.close()
    }
}
