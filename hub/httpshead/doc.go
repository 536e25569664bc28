// Package httpshead is the emulator's HTTPS head: the IoT Hub registry and
// purge REST calls, exactly as the official service SDKs send them, over a
// core.Hub.
//
//	PUT    /devices/{id}           create (no If-Match; empty keys are generated)
//	                               or update (If-Match "*" or an etag)
//	GET    /devices/{id}           get
//	GET    /devices[?top=N]        list
//	DELETE /devices/{id}           delete (If-Match "*" or an etag)
//	DELETE /devices/{id}/commands  purge the device's C2D queue
//	POST   /devices                bulk registry operation (up to 100 devices)
//
// The api-version query parameter is accepted whatever its value. Every call
// needs an Authorization header holding a SAS token whose policy grants
// RegistryRead (reads), RegistryWrite (writes) or ServiceConnect (purge).
// Errors carry IoT Hub's body, which the SDKs parse into their error classes:
//
//	{"Message":"ErrorCode:DeviceNotFound;device dev1 is not registered",
//	 "ExceptionMessage":"Tracking ID:…-G:0-TimeStamp:03/01/2025 12:00:00"}
package httpshead
