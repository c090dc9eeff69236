/** The post-deploy health check of ecs-deploy; it lives in src/health/ since other commands share it. */
export { waitForHealthy, type HealthOptions } from '../health/check.js';
