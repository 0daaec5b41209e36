// Lets bindings/kotlin build on its own (`gradle :assembleRelease` with the Android SDK). When the
// module is included in an app's build instead, the app's settings apply and this file is unused.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "wangzheng"
