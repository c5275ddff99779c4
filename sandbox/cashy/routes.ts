/** The handler shapes every Cashy resource module registers on the sandbox's two routers. */
import type { Router } from '../shared/server';
import type { ApiRequest, Body } from './fields';

/** An API endpoint: returns the envelope's `data`, or throws CashyFailure. */
export type ApiHandler = (request: ApiRequest) => unknown;
/** A /_sandbox/ control: returns its JSON answer, or throws ControlError. */
export type ControlHandler = (body: Body, params: Record<string, string>) => unknown;

export interface Routers {
	api: Router<ApiHandler>;
	controls: Router<ControlHandler>;
}
