"""Which processes train one model together: `--coordinator HOST:PORT --num-processes N --process-id I`,
or Keras's own environment variables (the ones `keras.distribution.initialize` reads).

    group = ProcessGroup.requested(distribute, coordinator, num_processes, process_id, os.environ)
    group.join()      # keras.distribution.initialize, once per process

Everything here is checked before the backend is imported: a wrong process id or address should cost
a second, not the minute the other machines wait at the coordinator.
"""

from dataclasses import dataclass

from keraslab.errors import ConfigError, one_line

# Keras's names (keras/src/distribution/distribution_lib.py, `initialize`): a launcher that already sets
# them for Keras programs needs nothing else for keraslab.
ADDRESSES_ENV = "KERAS_DISTRIBUTION_JOB_ADDRESSES"
NUM_PROCESSES_ENV = "KERAS_DISTRIBUTION_NUM_PROCESSES"
PROCESS_ID_ENV = "KERAS_DISTRIBUTION_PROCESS_ID"

_joined = None  # the group this process joined; JAX can join only once per process


@dataclass(frozen=True)
class ProcessGroup:
    coordinator: str  # HOST:PORT of process 0, the same on every process
    num_processes: int
    process_id: int

    @property
    def writes(self):
        """Process 0 alone writes the run folder; the others hold the same model and write nothing."""
        return self.process_id == 0

    @classmethod
    def requested(cls, distribute, coordinator=None, num_processes=None, process_id=None, environ=None):
        """The group asked for by flags (first) or Keras's environment variables; None for one process."""
        environ = environ or {}
        flags = {"--coordinator": coordinator, "--num-processes": num_processes, "--process-id": process_id}
        env = {name: environ.get(name) for name in (ADDRESSES_ENV, NUM_PROCESSES_ENV, PROCESS_ID_ENV)}
        given = [name for name, value in {**flags, **env}.items() if value not in (None, "")]
        if not given:
            return None
        if distribute is None:
            raise ConfigError(f"{given[0]} joins processes for data-parallel training, but --distribute is not "
                              "given. Add --distribute data-parallel --backend jax, or drop it.")
        # Keras's variable may list every job's address; JAX needs only the first, the coordinator's.
        addresses = (env[ADDRESSES_ENV] or "").split(",")[0].strip() or None
        coordinator = coordinator or addresses
        num_processes = _integer("--num-processes", num_processes, env[NUM_PROCESSES_ENV], NUM_PROCESSES_ENV)
        process_id = _integer("--process-id", process_id, env[PROCESS_ID_ENV], PROCESS_ID_ENV)
        missing = [flag for flag, value in (("--coordinator", coordinator), ("--num-processes", num_processes),
                                            ("--process-id", process_id)) if value is None]
        if missing:
            raise ConfigError(f"Training across processes needs --coordinator, --num-processes and --process-id "
                              f"(or {ADDRESSES_ENV}, {NUM_PROCESSES_ENV}, {PROCESS_ID_ENV}); {missing[0]} is "
                              "missing.")
        _check_address(coordinator)
        if num_processes < 1:
            raise ConfigError(f"--num-processes must be 1 or more, got {num_processes}.")
        if not 0 <= process_id < num_processes:
            raise ConfigError(f"--process-id must be 0 to {num_processes - 1} for --num-processes {num_processes}, "
                              f"got {process_id}. Number the processes 0, 1, ...; 0 runs at the coordinator.")
        if num_processes == 1:
            return None  # one process: nothing to join
        return cls(coordinator, num_processes, process_id)

    def join(self):
        """Connect to the other processes (waits for all of them at the coordinator) through Keras."""
        global _joined
        if _joined == self:
            return
        if _joined is not None:
            raise ConfigError(f"This process already trains in the group {_joined}; JAX joins one group per "
                              "process. Start a new process for another.")
        import jax
        import keras

        # JAX's CPU devices have no collectives across processes unless told to use gloo (GPUs use NCCL
        # whatever this says); without it the first gradient all-reduce fails.
        jax.config.update("jax_cpu_collectives_implementation", "gloo")
        try:
            keras.distribution.initialize(job_addresses=self.coordinator, num_processes=self.num_processes,
                                          process_id=self.process_id)
        except Exception as error:  # JAX's runtime errors (refused, deadline exceeded) all mean: nobody joined
            raise ConfigError(f"Process {self.process_id} of {self.num_processes} could not join the others at "
                              f"--coordinator {self.coordinator} ({type(error).__name__}: {one_line(error)[:160]}). "
                              "Start process 0 on that host, check the port is reachable from here and that every "
                              "process has the same --num-processes.") from None
        _joined = self

    def facts(self):
        return {"processes": self.num_processes, "process_id": self.process_id, "coordinator": self.coordinator}


def _integer(flag, value, text, env_name):
    if value is not None:
        return int(value)
    if text in (None, ""):
        return None
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"{env_name}='{text}' is not an integer; set it to a whole number (or use {flag}).") \
            from None


def _check_address(address):
    host, colon, port = str(address).rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"--coordinator '{address}' must be HOST:PORT (process 0's address and a free port, "
                          "the same on every process), e.g. 10.0.0.1:1234.")
